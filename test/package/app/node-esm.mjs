import * as axon from 'axon-nn';
import { train } from './train.mjs';

console.log(JSON.stringify(await train(axon)));
