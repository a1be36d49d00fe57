import ui from '@rrnet/eslint-config/ui';

export default ui;
