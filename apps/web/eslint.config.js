import react from '@rrnet/eslint-config/react';

export default react;
