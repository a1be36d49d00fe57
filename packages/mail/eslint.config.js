import base from '@rrnet/eslint-config/base';

export default base;
