// liveHistory: the curves redrawn into a page element after every epoch of fit(), as tfjs-vis'
// show.fitCallbacks does.
import { Callback } from '../callbacks/callback.js';
import type { Logs } from '../callbacks/callback.js';
import { ValueError, describe } from '../errors.js';
import { checkOptions } from '../options.js';
import { renderHistory } from './history.js';
import type { PlotHistoryOptions } from './history.js';

/** Where the plot is drawn: a DOM element, or anything else with an `innerHTML` to set. */
export interface PlotTarget {
  innerHTML: string;
}

const OPTIONS = ['metrics', 'title', 'width', 'height'] as const;

/** Lets the page paint between epochs: fit() itself runs epoch after epoch without a pause. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

class LiveHistory extends Callback {
  private epochs: number[] = [];
  private values: Record<string, number[]> = {};

  constructor(private readonly target: PlotTarget, private readonly options: PlotHistoryOptions) {
    super();
  }

  override onTrainBegin(): void {
    this.epochs = [];
    this.values = {};
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    this.epochs.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.values[key] ??= []).push(value);
    // The x axis spans all of fit's epochs from the start, so the curves grow into a still frame.
    this.target.innerHTML = renderHistory({ history: this.values, epoch: this.epochs }, this.options, this.params?.epochs ?? epoch + 1);
    await nextTask();
  }
}

/**
 * A callback for fit() that draws the training curves (plotHistory's panels) into `element` after
 * every epoch, e.g. `model.fit(x, y, { callbacks: [liveHistory(document.querySelector('#curves'))] })`.
 */
export function liveHistory(element: PlotTarget, options: PlotHistoryOptions = {}): Callback {
  if (element === null || typeof element !== 'object' || !('innerHTML' in element)) {
    throw new ValueError(`liveHistory(element): expected a page element to draw into, received ${describe(element)}`);
  }
  checkOptions(options, OPTIONS, 'liveHistory');
  return new LiveHistory(element, options);
}
