// TensorFlow.js (pure-JS CPU backend) as the oracle for Keras semantics.
import * as tf from '@tensorflow/tfjs';

let initialised: Promise<typeof tf> | null = null;

export function loadTf(): Promise<typeof tf> {
  initialised ??= (async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  })();
  return initialised;
}

export type Tf = typeof tf;
