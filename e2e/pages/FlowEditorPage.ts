import { expect, type Locator, type Page } from '@playwright/test';

type BlockType = 'message' | 'question' | 'condition' | 'set_variable' | 'ai_reply' | 'http_request' | 'handoff' | 'delay' | 'jump' | 'end';

/**
 * The flow builder. Canvas gestures go through the real pointer: xyflow's drags need intermediate
 * moves (`steps`), and palette drops are HTML5 drag and drop.
 */
export class FlowEditorPage {
  constructor(readonly page: Page) {}

  get canvas() {
    return this.page.getByTestId('flow-canvas');
  }

  get cards() {
    return this.page.getByTestId('block-card');
  }

  card(blockId: string): Locator {
    return this.page.locator(`[data-testid="block-card"][data-block-id="${blockId}"]`);
  }

  cardWithText(text: string): Locator {
    return this.cards.filter({ hasText: text });
  }

  get edges() {
    return this.page.locator('.react-flow__edge');
  }

  get panel() {
    return this.page.getByTestId('block-panel');
  }

  get saveState() {
    return this.page.getByTestId('save-state');
  }

  get problems() {
    return this.page.getByTestId('problem');
  }

  get problemsSummary() {
    return this.page.getByTestId('problems-summary');
  }

  get notice() {
    return this.page.getByTestId('editor-notice');
  }

  /** Drags a block type from the palette onto the canvas, at a point relative to the canvas; returns its id. */
  async dropBlock(type: BlockType, at: { x: number; y: number }): Promise<string> {
    const before = await this.cards.count();
    await this.page.getByTestId(`palette-${type}`).dragTo(this.canvas, { targetPosition: at, steps: 8 });
    await expect(this.cards).toHaveCount(before + 1);
    await expect(this.panel).toBeVisible();
    return (await this.panel.getAttribute('data-block-id'))!;
  }

  /** Connects a handle of one block to another block by dragging between them. */
  async connect(sourceId: string, handle: string, targetId: string) {
    const before = await this.edges.count();
    const from = await this.card(sourceId).locator(`[data-handle="${handle}"] .react-flow__handle`).boundingBox();
    const to = await this.card(targetId).locator('.react-flow__handle.handle-in').boundingBox();
    if (!from || !to) throw new Error('handle not on screen');
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await this.page.mouse.up();
    await expect(this.edges).toHaveCount(before + 1);
  }

  /** Selects a block by clicking its header. */
  async select(blockId: string) {
    await this.card(blockId).locator('.block-card-header').click();
    await expect(this.panel).toHaveAttribute('data-block-id', blockId);
  }

  /** Moves a block by dragging its header by (dx, dy) screen pixels. */
  async dragBlock(blockId: string, dx: number, dy: number) {
    const box = await this.card(blockId).locator('.block-card-header').boundingBox();
    if (!box) throw new Error('block not on screen');
    await this.page.mouse.move(box.x + 30, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + 30 + dx, box.y + box.height / 2 + dy, { steps: 10 });
    await this.page.mouse.up();
  }

  /** A block's position on the canvas (flow coordinates, whatever the zoom). */
  async positionOf(blockId: string): Promise<{ x: number; y: number }> {
    const transform = await this.page.locator(`.react-flow__node[data-id="${blockId}"]`).evaluate((node) => (node as HTMLElement).style.transform);
    const match = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(transform);
    if (!match) throw new Error(`no position in "${transform}"`);
    return { x: Math.round(Number(match[1])), y: Math.round(Number(match[2])) };
  }

  /** Fits the graph to the screen and waits for the zoom animation to end. */
  async fitView() {
    await this.command('view.fit').click();
    const viewport = this.page.locator('.react-flow__viewport');
    let previous = '';
    await expect
      .poll(
        async () => {
          const current = (await viewport.getAttribute('style')) ?? '';
          const settled = current === previous;
          previous = current;
          return settled;
        },
        { intervals: [100] },
      )
      .toBe(true);
  }

  get minimap() {
    return this.page.getByTestId('minimap');
  }

  /** Finds a block by its text with the toolbar's search (Enter selects and centres the first match). */
  async search(text: string) {
    const input = this.page.getByTestId('block-search');
    await input.fill(text);
    await input.press('Enter');
  }

  /** The canvas's pan and zoom, as xyflow applies it. */
  async viewportTransform(): Promise<string> {
    return this.page.locator('.react-flow__viewport').evaluate((element) => (element as HTMLElement).style.transform);
  }

  /** The edge, as drawn, ends (within 2 px) where xyflow attaches edges to the handle as drawn: its outer side's middle. */
  async expectEdgeOnHandle(edgeId: string, end: { block: string; handle: string }) {
    const handle = this.card(end.block).locator(end.handle === 'in' ? '.react-flow__handle.handle-in' : `[data-handle="${end.handle}"] .react-flow__handle`);
    await expect
      .poll(async () => {
        const box = await handle.boundingBox();
        const point = await this.page.locator(`.react-flow__edge[data-id="${edgeId}"] path.react-flow__edge-path`).evaluate((path, isTarget) => {
          const line = path as SVGPathElement;
          const local = line.getPointAtLength(isTarget ? line.getTotalLength() : 0);
          const screen = new DOMPoint(local.x, local.y).matrixTransform(line.getScreenCTM()!);
          return { x: screen.x, y: screen.y };
        }, end.handle === 'in');
        if (!box) return 'handle not drawn';
        const expected = { x: end.handle === 'in' ? box.x : box.x + box.width, y: box.y + box.height / 2 };
        return Math.abs(point.x - expected.x) <= 2 && Math.abs(point.y - expected.y) <= 2
          ? 'on handle'
          : `edge ends at ${point.x},${point.y}, handle side at ${expected.x},${expected.y}`;
      })
      .toBe('on handle');
  }

  field(label: string | RegExp): Locator {
    return this.panel.getByLabel(label, { exact: typeof label === 'string' });
  }

  /** A keyboard shortcut with the platform's modifier (Ctrl here). */
  async shortcut(keys: string) {
    await this.page.keyboard.press(keys.replace('Mod', 'Control'));
  }

  command(id: string): Locator {
    return this.page.locator(`[data-command="${id}"]`);
  }

  tab(name: 'block' | 'flow' | 'versions' | 'test'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  async expectSaved() {
    await expect(this.saveState).toHaveAttribute('data-status', 'saved');
  }

  /** Clicks on empty canvas (clears the selection, moves focus off the side panel). */
  async clickEmptyCanvas() {
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await this.page.mouse.click(box.x + box.width - 30, box.y + box.height - 30);
  }
}
