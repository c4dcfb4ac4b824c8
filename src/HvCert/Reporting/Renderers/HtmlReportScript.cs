namespace HvCert.Reporting.Renderers;

/// <summary>
/// The page script of report.html. It only ever sets textContent (never innerHTML), so guest text stays text.
/// It marks &lt;html data-ready="1"&gt; when done and data-script-error on any error, which the browser test reads.
/// </summary>
internal static class HtmlReportScript
{
    public const string Source = """
        (function () {
          'use strict';
          window.addEventListener('error', function (e) { document.documentElement.setAttribute('data-script-error', String(e.message)); });
          var data = JSON.parse(document.getElementById('hvcert-data').textContent);
          var SHORT = { 'supported': '\u2714 Supported', 'supported-with-caveat': '\u2714 Caveat', 'not-supported': '\u2718 Not supported',
            'not-offered': 'Not offered', 'not-applicable': 'N/A', 'error': '\u26A0 Error', 'skipped': 'Skipped' };
          var LABEL = { 'supported': 'Supported', 'supported-with-caveat': 'Supported with caveat', 'not-supported': 'Not supported',
            'not-offered': 'Not offered by the host', 'not-applicable': 'Not applicable', 'error': 'Error (infrastructure, no verdict)', 'skipped': 'Skipped' };
          function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined && text !== null) e.textContent = String(text); return e; }
          function $(id) { return document.getElementById(id); }
          var targets = {}, targetOrder = {};
          data.targets.forEach(function (t, i) { targets[t.id] = t; targetOrder[t.id] = i; });
          var vms = {};
          data.vms.forEach(function (v) { vms[v.vmKey] = v; });
          var guests = {};
          data.guestFacts.forEach(function (g) { guests[g.vmKey] = g; });
          var columns = [], colIndex = {}, byKey = {}, byAnchor = {};
          data.cells.forEach(function (c) {
            var ck = c.target + '|' + c.generation + '|' + c.host;
            if (!(ck in colIndex)) { colIndex[ck] = true; columns.push({ key: ck, target: c.target, generation: c.generation, host: c.host }); }
            byKey[ck + '|' + c.featureId] = c;
            byAnchor[c.anchor] = c;
          });
          columns.sort(function (a, b) {
            return (targetOrder[a.target] - targetOrder[b.target]) || (a.generation < b.generation ? -1 : a.generation > b.generation ? 1 : 0)
              || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);
          });
          function fill(id, values) {
            var s = $(id);
            values.forEach(function (v) { var o = el('option', null, v[1]); o.value = v[0]; s.appendChild(o); });
            s.addEventListener('change', render);
          }
          var families = [];
          data.targets.forEach(function (t) { if (families.indexOf(t.family) < 0) families.push(t.family); });
          fill('f-distro', families.map(function (f) { return [f, f]; }));
          fill('f-release', data.targets.map(function (t) { return [t.id, t.family + ' ' + t.release]; }));
          var gens = [];
          columns.forEach(function (c) { if (gens.indexOf(c.generation) < 0) gens.push(c.generation); });
          fill('f-generation', gens.sort().map(function (g) { return [g, g]; }));
          fill('f-feature', data.features.map(function (f) { return [f.id, f.name]; }));
          fill('f-verdict', Object.keys(LABEL).map(function (k) { return [k, LABEL[k]]; }));
          var selected = null;

          function render() {
            var fd = $('f-distro').value, fr = $('f-release').value, fg = $('f-generation').value, ff = $('f-feature').value, fv = $('f-verdict').value;
            var cols = columns.filter(function (c) {
              return (!fd || targets[c.target].family === fd) && (!fr || c.target === fr) && (!fg || c.generation === fg);
            });
            var table = $('matrix');
            table.textContent = '';
            var thead = el('thead'), hr = el('tr');
            hr.appendChild(el('th', 'feature', 'Feature'));
            cols.forEach(function (c) {
              var th = el('th'), t = targets[c.target];
              th.appendChild(el('div', null, t.family + ' ' + t.release));
              th.appendChild(el('div', null, c.generation + ' \u00B7 ' + c.host));
              hr.appendChild(th);
            });
            thead.appendChild(hr);
            table.appendChild(thead);
            var tbody = el('tbody'), shown = 0, lastGroup = null;
            data.features.forEach(function (f) {
              if (ff && f.id !== ff) return;
              var cells = cols.map(function (c) { return byKey[c.key + '|' + f.id]; });
              if (fv && !cells.some(function (x) { return x && x.verdict === fv; })) return;
              if (!cells.some(function (x) { return x; })) return;
              if (f.group !== lastGroup) {
                var gr = el('tr', 'group'), gh = el('th', null, f.group || 'Other');
                gh.colSpan = cols.length + 1;
                gr.appendChild(gh);
                tbody.appendChild(gr);
                lastGroup = f.group;
              }
              var tr = el('tr');
              tr.appendChild(el('th', 'feature', f.name));
              cells.forEach(function (cell) {
                if (!cell) { tr.appendChild(el('td', null, '\u2014')); return; }
                var td = el('td', 'cell v-' + cell.verdict + (fv && cell.verdict !== fv ? ' dim' : '') + (selected === cell ? ' selected' : ''), SHORT[cell.verdict]);
                td.id = cell.anchor;
                td.title = LABEL[cell.verdict] + ': ' + cell.reason;
                td.addEventListener('click', function () { show(cell, true); });
                tr.appendChild(td);
                if (!fv || cell.verdict === fv) shown++;
              });
              tbody.appendChild(tr);
            });
            table.appendChild(tbody);
            $('count').textContent = shown + ' of ' + data.cells.length + ' cells shown';
          }

          function kv(pairs) {
            var dl = el('dl', 'kv');
            pairs.forEach(function (p) { if (p[1] === null || p[1] === undefined || p[1] === '') return; dl.appendChild(el('dt', null, p[0])); dl.appendChild(el('dd', null, p[1])); });
            return dl;
          }

          function show(cell, updateHash) {
            selected = cell;
            var d = $('detail');
            d.textContent = '';
            d.hidden = false;
            var close = el('button', 'close', 'Close');
            close.addEventListener('click', function () { d.hidden = true; selected = null; render(); });
            d.appendChild(close);
            d.appendChild(el('h2', null, cell.featureName));
            var t = targets[cell.target];
            d.appendChild(kv([['target', t.family + ' ' + t.release + ' (' + cell.target + ')'], ['generation', cell.generation], ['host', cell.host], ['feature id', cell.featureId], ['group', cell.group]]));
            d.appendChild(el('div', 'reason v-' + cell.verdict, LABEL[cell.verdict] + ': ' + cell.reason));
            cell.attempts.forEach(function (a, i) {
              var box = el('section', 'attempt');
              var final = i === cell.attempts.length - 1;
              box.appendChild(el('h3', null, 'Attempt ' + a.attempt + (final ? ' (final)' : ' (retried)') + ': ' + (a.verdict ? LABEL[a.verdict] : 'never judged')));
              var vm = a.vmKey ? vms[a.vmKey] : null, guest = a.vmKey ? guests[a.vmKey] : null;
              box.appendChild(kv([['reason', a.reason], ['started', a.startedAt], ['judged', a.judgedAt], ['duration', a.durationMs + ' ms'],
                ['vm', vm ? vm.vmName + (vm.secureBoot ? ' (Secure Boot)' : '') : a.vmKey],
                ['offered devices', vm ? vm.offeredDevices.map(function (o) { return o.role + ': ' + o.model; }).join(', ') : null],
                ['faults injected', vm && vm.faults.length ? vm.faults.join(', ') : null],
                ['guest', guest ? guest.distro + ' \u00B7 kernel ' + guest.kernel : null],
                ['guest packages', guest ? Object.keys(guest.packages).map(function (k) { return k + ' ' + guest.packages[k]; }).join(', ') : null],
                ['parameters', Object.keys(a.parameters).map(function (k) { return k + '=' + a.parameters[k]; }).join(', ')],
                ['vm failed', vm ? vm.provisionError : null]]));
              if (vm && vm.serialLogTail) { box.appendChild(el('div', null, 'serial console (tail)')); box.appendChild(el('pre', null, vm.serialLogTail)); }
              a.steps.forEach(function (s) {
                var div = el('div', 'step');
                var head = el('div', 'head');
                if (s.kind === 'command') {
                  head.appendChild(el('span', null, 'step ' + s.step + ' \u00B7 $ ' + s.command + ' '));
                  head.appendChild(el('span', s.exitCode === 0 && !s.timedOut ? 'ok' : 'bad', 'exit ' + s.exitCode + (s.timedOut ? ' (timed out)' : '')));
                  head.appendChild(el('span', null, ' \u00B7 ' + s.durationMs + ' ms' + (s.truncated ? ' \u00B7 output truncated' : '')));
                  div.appendChild(head);
                  if (s.stdout) { div.appendChild(el('div', null, 'stdout')); div.appendChild(el('pre', null, s.stdout)); }
                  if (s.stderr) { div.appendChild(el('div', null, 'stderr')); div.appendChild(el('pre', null, s.stderr)); }
                } else {
                  head.appendChild(el('span', null, 'step ' + s.step + ' \u00B7 host action ' + s.action + ' '));
                  head.appendChild(el('span', s.ok ? 'ok' : 'bad', s.ok ? 'ok' : 'failed'));
                  head.appendChild(el('span', null, ' \u00B7 ' + s.durationMs + ' ms'));
                  div.appendChild(head);
                  if (s.error) div.appendChild(el('pre', null, s.error));
                  div.appendChild(kv(Object.keys(s.observations).map(function (k) { return [k, s.observations[k]]; })));
                }
                box.appendChild(div);
              });
              if (!a.steps.length) box.appendChild(el('div', null, 'No commands or host actions were recorded for this attempt.'));
              d.appendChild(box);
            });
            if (!cell.attempts.length) d.appendChild(el('p', null, 'Decided by the planner; no probe ran.'));
            if (updateHash && history.replaceState) history.replaceState(null, '', '#' + cell.anchor);
            render();
            var td = $(cell.anchor);
            if (td && td.scrollIntoView) td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
          }

          function fromHash() {
            var id = decodeURIComponent(location.hash.replace(/^#/, ''));
            if (byAnchor[id]) {
              ['f-distro', 'f-release', 'f-generation', 'f-feature', 'f-verdict'].forEach(function (f) { $(f).value = ''; });
              show(byAnchor[id], false);
            }
          }
          window.addEventListener('hashchange', fromHash);
          render();
          fromHash();
          document.documentElement.setAttribute('data-ready', '1');
        })();

        """;
}
