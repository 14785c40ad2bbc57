// Shared by the Node and the Chromium plot tests.
import { tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** A History's dictionary as five epochs of fit() with accuracy and validation data produce it. */
export const HISTORY = {
  history: {
    loss: [0.9, 0.6, 0.5, 0.45, 0.42],
    accuracy: [0.7, 0.8, 0.83, 0.85, 0.86],
    val_loss: [0.7, 0.55, 0.52, 0.5, 0.51],
    val_accuracy: [0.75, 0.81, 0.82, 0.83, 0.83],
    learning_rate: [0.001, 0.001, 0.001, 0.001, 0.001],
  },
};

export const FASHION_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export function count(pattern: RegExp, text: string): number {
  return text.match(pattern)?.length ?? 0;
}

/** `n` images of 0–255 values, each a different diagonal pattern. */
export function fakeImages(n: number, height: number, width: number): Tensor {
  const data = new Float32Array(n * height * width).map((_, i) => {
    const image = Math.floor(i / (height * width));
    const r = Math.floor(i / width) % height;
    const c = i % width;
    return (r * 7 + c * 3 + image * 40) % 256;
  });
  return tensor(data, [n, height, width]);
}
