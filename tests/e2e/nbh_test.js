// Test helpers for JupyterLab's page, installed as window.nbhTest by tests/e2e/browser.py.
// Playwright evaluates this file as one function; `classes` is nbhelpers.widgets.CSS_CLASSES.
// It uses the app instance JupyterLab exposes with --LabApp.expose_app_in_browser.
(classes) => {
  const app = window.jupyterapp;
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  async function until(predicate, timeoutMs, what) {
    const start = performance.now();
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (performance.now() - start > timeoutMs) {
        throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      }
      await sleep(50);
    }
  }
  let panel = null;
  function kernel() { return panel && panel.sessionContext.session
                             && panel.sessionContext.session.kernel; }
  function kernelIdle() {
    const k = kernel();
    return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
  }
  function codeCells() {
    return panel.content.widgets.map((cell, index) => ({cell, index}))
                .filter(({cell}) => cell.model.type === 'code');
  }
  function topOutputs(cell) {
    return Array.from(cell.outputArea.node.children)
                .filter(node => node.classList.contains('jp-OutputArea-child'));
  }
  function mainCanvas(figure) {
    return figure.querySelector('.jupyter-matplotlib-canvas-div canvas');
  }
  function canvasDrawn(canvas) {
    if (!canvas || !canvas.width || !canvas.height) return false;
    // read a copy, so the page's own canvas is not switched to slow CPU readback
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d', {willReadFrequently: true});
    context.drawImage(canvas, 0, 0);
    const data = context.getImageData(0, 0, copy.width, copy.height).data;
    for (let i = 4; i < data.length; i += 4 * 13) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]
          || data[i + 3] !== data[3]) return true;
    }
    return false;
  }
  function imageDrawn(img) { return img.complete && img.naturalWidth > 0; }
  function signature(root) {
    // What a figure area shows: the pixels of its canvases and the sources of its images.
    const parts = [];
    root.querySelectorAll('canvas').forEach(c => parts.push(c.width ? c.toDataURL() : ''));
    root.querySelectorAll('img').forEach(i => parts.push(i.src));
    return parts.join('|');
  }
  function signatureOf(selector) {
    const node = document.querySelector(selector);
    return node ? signature(node) : null;
  }
  function renderedFigures(cell) {
    const figures = Array.from(cell.outputArea.node.querySelectorAll('.jupyter-matplotlib'));
    const images = Array.from(cell.outputArea.node.querySelectorAll('.jp-OutputArea-output img'));
    return {
      canvases: figures.length,
      drawn: figures.filter(f => canvasDrawn(mainCanvas(f))).length,
      images: images.length,
      imagesDrawn: images.filter(imageDrawn).length,
    };
  }
  function scroller() {
    // The notebook's scroll container (cells scroll inside it, not the page).
    return panel.content.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
  }
  function frames(n) {
    return new Promise(resolve => {
      const step = k => (k ? requestAnimationFrame(() => step(k - 1)) : resolve());
      step(n);
    });
  }
  function describe(node) {
    const names = Array.from(node.classList).filter(c => /^(jp-|jupyter-|widget-|nbh-)/.test(c));
    return node.tagName.toLowerCase() + (names.length ? '.' + names.slice(0, 2).join('.') : '');
  }
  function visibleRight(node, from, stop) {
    // The visible right edge for `node`: ancestors whose overflow is not visible clip it at
    // their padding box (scrollbar excluded). Ancestors from `from` up to `stop` are used,
    // so a figure's own wrapper, which is as wide as its canvas, does not count.
    let right = document.documentElement.clientWidth;
    let clipper = 'the window';
    const scrollbars = [];
    for (let a = from; a; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (overflow !== 'visible') {
        const edge = a.getBoundingClientRect().left + a.clientLeft + a.clientWidth;
        if (edge < right) { right = edge; clipper = describe(a); }
        if ((overflow === 'auto' || overflow === 'scroll') && a.scrollWidth > a.clientWidth + 1) {
          scrollbars.push(`${describe(a)} (${a.scrollWidth} > ${a.clientWidth} px)`);
        }
      }
      if (a === stop) break;
    }
    return {right, clipper, scrollbars};
  }
  function fit(node, stop) {
    // Whether all of `node` (a figure's canvas or an image) shows: its full width against
    // the visible box of its output area and of the notebook.
    const image = node.tagName === 'IMG';
    const box = node.getBoundingClientRect();
    const figure = image ? node : node.closest('.jupyter-matplotlib') || node;
    const {right, clipper, scrollbars} = visibleRight(node, figure.parentElement, stop);
    const innermost = visibleRight(node, node.parentElement, stop).right;
    // A canvas is never scaled down (ipympl sets its CSS size); an image may be (max-width),
    // so its full size is its width attribute (from the output's metadata) or its pixels.
    const full = image ? Number(node.getAttribute('width')) || node.naturalWidth : box.width;
    const available = right - box.left;
    return {
      kind: image ? 'image' : 'canvas',
      width: Math.round(full),
      shown: Math.round(box.width),
      pixels: image ? node.naturalWidth : node.width,
      available: Math.round(available),
      clipper,
      scrollbars,
      fits: full <= available + 0.5,  // all of it would show
      clipped: box.right > Math.min(right, innermost) + 0.5,  // its right edge is cut off
    };
  }
  function explorerState() {
    // The explorer's metrics text and what its figure area shows.
    return {text: (document.querySelector(`.${classes.metrics}`) || {}).textContent,
            figure: signatureOf(`.${classes.figure}`)};
  }
  const lib = {
    async open(path, timeoutMs) {
      panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
      app.shell.activateById(panel.id);
      await panel.context.ready;
      await panel.sessionContext.ready;
      await until(kernelIdle, timeoutMs, 'the kernel to be connected and idle');
      return kernel().name;
    },
    async runAll(timeoutMs) {
      app.shell.activateById(panel.id);
      let timer;
      const timeout = new Promise((_, reject) => { timer = setTimeout(
        () => reject(new Error(`Run All did not finish within ${timeoutMs / 1000} s`)),
        timeoutMs); });
      try {
        await Promise.race([app.commands.execute('notebook:run-all-cells'), timeout]);
      } finally { clearTimeout(timer); }
      // Run All can resolve before the last cells have run: in JupyterLab's windowed notebook
      // it waits for each cell to be rendered before it runs it, and the kernel is idle
      // meanwhile. Wait until every code cell has run (report() names any that never did,
      // for example after an error that stopped Run All), or until the time is up.
      const allRan = () => kernelIdle() && codeCells().every(
        ({cell}) => cell.model.executionCount !== null);
      try {
        await until(allRan, timeoutMs, 'every cell to have run after Run All');
      } catch (e) { /* reported by report() */ }
      await until(kernelIdle, timeoutMs, 'the kernel to be idle after Run All');
    },
    async waitFigures(expected, timeoutMs) {
      // expected: {cellIndex: number of figures the committed notebook shows there}.
      // Wait for those, and for every canvas and image already on the page, to be drawn.
      const pending = () => codeCells().filter(({cell, index}) => {
        const r = renderedFigures(cell);
        return r.drawn < r.canvases || r.imagesDrawn < r.images
               || r.drawn + r.imagesDrawn < (expected[String(index)] || 0);
      });
      try {
        await until(() => pending().length === 0, timeoutMs, 'the figures to be drawn');
      } catch (e) { /* reported by report() */ }
      // Let late images and widget views settle before the report.
      await sleep(300);
    },
    report() {
      return codeCells().map(({cell, index}) => {
        const outputs = topOutputs(cell);
        const stderr = Array.from(cell.outputArea.node.querySelectorAll(
          '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'));
        const widgetProblems = Array.from(cell.outputArea.node.querySelectorAll(
          '.jp-OutputArea-output')).map(n => n.textContent)
          .filter(t => /Error displaying widget|Loading widget\.\.\.|model not found/.test(t));
        return {
          index,
          source: cell.model.sharedModel.getSource().slice(0, 80),
          tags: (cell.model.sharedModel.getMetadata() || {}).tags || [],
          executionCount: cell.model.executionCount,
          stderr: stderr.map(n => n.textContent.slice(0, 2000)),
          widgetProblems,
          outputCount: outputs.length,
          modelOutputCount: cell.model.outputs.length,
          ...renderedFigures(cell),
        };
      });
    },
    widgetModelIds() {
      // model ids of the widget views shown in top-level outputs, per cell, in output order.
      const result = [];
      codeCells().forEach(({cell, index}) => {
        for (let i = 0; i < cell.model.outputs.length; i++) {
          const data = cell.model.outputs.get(i).data || {};
          const view = data['application/vnd.jupyter.widget-view+json'];
          if (view) result.push({cell: index, output: i, modelId: view.model_id});
        }
      });
      return result;
    },
    markFigure(cellIndex, outputIndex, figureIndex, mark) {
      // Tag the figureIndex-th ipympl figure (in page order) inside one output, so Python
      // can find it with a locator.
      const node = topOutputs(panel.content.widgets[cellIndex])[outputIndex];
      const figure = node && node.querySelectorAll('.jupyter-matplotlib')[figureIndex];
      if (!figure) return false;
      figure.setAttribute('data-nbh-test', mark);
      return true;
    },
    async userExpression(expression, timeoutMs) {
      const future = kernel().requestExecute({code: '', silent: true, store_history: false,
                                              user_expressions: {value: expression}});
      let timer;
      const timeout = new Promise((_, reject) => { timer = setTimeout(
        () => reject(new Error('kernel did not answer a user expression')), timeoutMs); });
      try {
        const reply = await Promise.race([future.done, timeout]);
        const value = reply.content.user_expressions.value;
        if (value.status !== 'ok') throw new Error(`${value.ename}: ${value.evalue}`);
        return value.data['text/plain'];
      } finally { clearTimeout(timer); }
    },
    async revealPoint(mark, fx, fy, margin, timeoutMs) {
      // Scroll the output and the notebook so that a point of the marked figure's canvas
      // (fractions of its width and height from the top left) shows, `margin` px inside,
      // as a user would scroll to reach it. Returns '' when the point is then on the figure,
      // else what covers it.
      const figure = document.querySelector(`[data-nbh-test="${mark}"]`);
      const canvas = mainCanvas(figure);
      const point = () => { const b = canvas.getBoundingClientRect();
                            return [b.left + fx * b.width, b.top + fy * b.height]; };
      const scroll = () => {
        for (let a = canvas.parentElement; a; a = a.parentElement) {
          const style = getComputedStyle(a);
          const r = a.getBoundingClientRect();
          const [x, y] = point();
          if (/auto|scroll/.test(style.overflowX)) {
            const left = r.left + a.clientLeft + margin;
            const right = r.left + a.clientLeft + a.clientWidth - margin;
            if (x > right) a.scrollLeft += x - right;
            else if (x < left) a.scrollLeft -= left - x;
          }
          if (/auto|scroll/.test(style.overflowY)) {
            const top = r.top + a.clientTop + margin;
            const bottom = r.top + a.clientTop + a.clientHeight - margin;
            if (y > bottom) a.scrollTop += y - bottom;
            else if (y < top) a.scrollTop -= top - y;
          }
          if (a === scroller()) break;
        }
      };
      const hit = () => { const [x, y] = point(); return document.elementFromPoint(x, y); };
      // Cells coming into view are laid out and hit-tested only once drawn (JupyterLab
      // renders them with content-visibility: auto), which can move the figure: repeat.
      try {
        await until(async () => { scroll(); await frames(2);
                                  return hit() && figure.contains(hit()); },
                    timeoutMs, 'the point to show');
        return '';
      } catch (e) {
        const [x, y] = point();
        return `${hit() ? describe(hit()) : 'nothing'} is at (${Math.round(x)}, ${Math.round(y)})`;
      }
    },
    canvasSignature(mark) {
      const figure = document.querySelector(`[data-nbh-test="${mark}"]`);
      return figure ? mainCanvas(figure).toDataURL() : null;
    },
    explorerState,
    async waitExplorerChange(before, needText, timeoutMs) {
      // Wait until the explorer's figure (and, if needText, its metrics text) differ from
      // `before`; return the milliseconds it took (null on timeout) and the new state.
      const start = performance.now();
      try {
        await until(() => { const now = explorerState();
                            return (now.text !== before.text || !needText)
                                   && now.figure !== before.figure; },
                    timeoutMs, 'the explorer to update');
      } catch (e) { return {ms: null, ...explorerState()}; }
      return {ms: performance.now() - start, ...explorerState()};
    },
    kernelIdle,
    async waitIdle(timeoutMs) { await until(kernelIdle, timeoutMs, 'the kernel to be idle'); },
    scrollHeight() {
      const outer = scroller();
      return {scroll: outer.scrollHeight, client: outer.clientHeight};
    },
    scrollTop() { scroller().scrollTop = 0; },
    layout() {
      // What the user sees around the notebook: window, zoom, side bars, notebook width.
      const shell = app.shell;
      const left = document.querySelector('#jp-left-stack');
      const current = Array.from(shell.widgets('left')).find(w => w.isVisible);
      const outer = panel ? scroller() : null;
      return {
        window: [window.innerWidth, window.innerHeight],
        devicePixelRatio: window.devicePixelRatio,
        zoom: window.visualViewport ? window.visualViewport.scale : 1,
        mode: shell.mode,
        leftCollapsed: shell.leftCollapsed,
        leftWidget: current ? current.id : null,
        leftWidth: left ? Math.round(left.getBoundingClientRect().width) : null,
        rightCollapsed: shell.rightCollapsed,
        notebookWidth: outer ? outer.clientWidth : null,
        windowingMode: panel ? panel.content.notebookConfig.windowingMode : null,
      };
    },
    async measureFigures() {
      // For each ipympl canvas (the main one of each figure, nested ones included) and each
      // image output: its full width and the width visible to it in JupyterLab's layout.
      // Each figure is scrolled into view first: with windowed rendering, cells far off
      // screen may not be laid out or not be in the page at all.
      const outer = scroller();
      const records = [];
      for (const {cell, index} of codeCells()) {
        const targets = () => [
          ...Array.from(cell.outputArea.node.querySelectorAll('.jupyter-matplotlib'))
            .map(mainCanvas).filter(c => c),
          ...Array.from(cell.outputArea.node.querySelectorAll('.jp-OutputArea-output img'))];
        if (!targets().length) continue;
        await panel.content.scrollToItem(index, 'start');
        await frames(2);
        for (const node of targets()) {
          const top = outer.getBoundingClientRect().top;
          const box = node.getBoundingClientRect();
          if (box.top < top || box.top > top + outer.clientHeight - 40) {
            outer.scrollTop += box.top - top - 20;
            await frames(2);
          }
          records.push({cell: index, ...fit(node, outer)});
        }
      }
      outer.scrollTop = 0;
      return records;
    },
    async close() {
      if (!panel) return;
      const p = panel;
      panel = null;
      try { await p.sessionContext.shutdown(); } catch (e) { /* the kernel may be gone */ }
      p.context.model.dirty = false;
      p.dispose();
    },
  };
  window.nbhTest = lib;
  return true;
}
