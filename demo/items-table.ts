/** Renders item snapshots into the demo's table, one row per item, with pause/resume/remove buttons. */
import type { ItemSnapshot } from '../src/index.ts';

export type RowAction = 'pause' | 'resume' | 'remove';

function formatValue(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Date ? v.toISOString() : v), 1);
}

function cell(row: HTMLTableRowElement, text: string, testId: string, className?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  td.dataset.testid = testId;
  if (className) td.className = className;
}

export function renderItems(tbody: HTMLElement, items: ItemSnapshot[], act: (action: RowAction, key: string) => void): void {
  const rows = items.map((item) => {
    const row = document.createElement('tr');
    row.dataset.testid = `item-${item.key}`;
    row.className = item.dormant ? 'dormant' : item.done ? 'done' : '';
    cell(row, item.key, 'key');
    cell(row, String(item.timesRan), 'runs');
    cell(row, String(item.lastTickRan), 'last-tick');
    cell(row, String(item.modTick), 'modtick');
    cell(row, String(item.maxRuns), 'maxruns');
    cell(row, String(item.paused), 'paused');
    cell(row, item.dormant ? 'dormant' : item.done ? 'done' : item.kind === 'task' ? `task ${item.task}` : 'active', 'state');
    cell(row, item.errorCount ? `${item.errorCount}: ${item.lastError}` : '0', 'errors');
    cell(row, formatValue(item.metadata), 'metadata', 'metadata');
    const actions = row.insertCell();
    for (const action of [item.paused ? 'resume' : 'pause', 'remove'] as RowAction[]) {
      const button = document.createElement('button');
      button.textContent = action;
      button.dataset.testid = `${action}-${item.key}`;
      button.addEventListener('click', () => act(action, item.key));
      actions.append(button);
    }
    return row;
  });
  tbody.replaceChildren(...rows);
}
