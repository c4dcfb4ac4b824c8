namespace HvCert.Reporting.Renderers;

/// <summary>The static parts of report.html. Kept verbatim so the page needs nothing from the network.</summary>
internal static class HtmlReportAssets
{
    public const string Css = """
        :root { --fg:#1b1f24; --muted:#5b6470; --line:#d9dee4; --bg:#ffffff; --panel:#f6f8fa; }
        * { box-sizing: border-box; }
        body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif; color:var(--fg); background:var(--bg); }
        header { padding:14px 20px 6px; border-bottom:1px solid var(--line); }
        h1 { font-size:20px; margin:0 0 4px; } h1 .run { color:var(--muted); font-weight:500; }
        .meta { margin:0 0 6px; color:var(--muted); }
        .summary { margin:0 0 6px; }
        .badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; margin:0 4px 4px 0; border:1px solid rgba(0,0,0,.08); }
        #filters { display:flex; flex-wrap:wrap; gap:10px; align-items:end; padding:10px 20px; background:var(--panel); border-bottom:1px solid var(--line); }
        #filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
        #filters select, #filters input { font:inherit; padding:3px 6px; min-width:140px; border:1px solid var(--line); border-radius:4px; background:#fff; }
        #filters .count { margin-left:auto; color:var(--muted); font-size:12px; }
        main { display:flex; align-items:flex-start; gap:0; }
        #matrix-wrap { flex:1 1 auto; overflow:auto; padding:12px 20px; max-height:calc(100vh - 150px); }
        table.matrix { border-collapse:separate; border-spacing:0; font-size:13px; }
        table.matrix th, table.matrix td { border-bottom:1px solid var(--line); border-right:1px solid var(--line); padding:4px 8px; white-space:nowrap; }
        table.matrix thead th { position:sticky; top:0; background:#fff; z-index:2; vertical-align:bottom; text-align:center; }
        table.matrix th.feature { position:sticky; left:0; background:#fff; text-align:left; font-weight:500; z-index:1; }
        table.matrix thead th.feature { z-index:3; }
        table.matrix tr.group th { background:var(--panel); text-align:left; font-weight:700; position:sticky; left:0; }
        td.cell { text-align:center; cursor:pointer; min-width:92px; }
        td.cell:hover, td.cell.selected { outline:2px solid #0969da; outline-offset:-2px; }
        td.cell.dim { opacity:.18; }
        .v-supported { background:#dafbe1; color:#116329; }
        .v-supported-with-caveat { background:#fff8c5; color:#7d4e00; }
        .v-not-supported { background:#ffebe9; color:#a40e26; }
        .v-not-offered { background:#eaeef2; color:#57606a; }
        .v-not-applicable { background:#f6f8fa; color:#8c959f; }
        .v-error { background:#fbefff; color:#8250df; }
        .v-skipped { background:#eaeef2; color:#57606a; }
        #detail { flex:0 0 46%; max-width:46%; border-left:1px solid var(--line); padding:12px 18px; max-height:calc(100vh - 150px); overflow:auto; background:#fff; }
        #detail[hidden] { display:none; }
        #detail h2 { font-size:17px; margin:0 0 4px; }
        #detail .close { float:right; cursor:pointer; border:1px solid var(--line); background:#fff; border-radius:4px; }
        #detail .reason { margin:6px 0 10px; padding:6px 8px; border-radius:4px; }
        .attempt { border:1px solid var(--line); border-radius:6px; margin:10px 0; padding:8px 10px; }
        .attempt h3 { font-size:14px; margin:0 0 6px; }
        .step { margin:8px 0; border-top:1px dashed var(--line); padding-top:6px; }
        .step .head { font-family:ui-monospace,"DejaVu Sans Mono",monospace; font-size:12px; word-break:break-all; }
        .step .ok { color:#116329; } .step .bad { color:#a40e26; }
        pre { background:#0d1117; color:#e6edf3; padding:6px 8px; border-radius:4px; max-height:260px; overflow:auto; white-space:pre-wrap; word-break:break-all; font-size:12px; margin:4px 0; }
        dl.kv { display:grid; grid-template-columns:max-content 1fr; gap:2px 10px; margin:4px 0; font-size:12px; }
        dl.kv dt { color:var(--muted); } dl.kv dd { margin:0; font-family:ui-monospace,"DejaVu Sans Mono",monospace; word-break:break-all; }
        .empty { padding:30px; color:var(--muted); }

        """;

    public const string Body = """
        <section id="filters" aria-label="Filters">
          <label>Distro<select id="f-distro"><option value="">all</option></select></label>
          <label>Release<select id="f-release"><option value="">all</option></select></label>
          <label>Generation<select id="f-generation"><option value="">all</option></select></label>
          <label>Feature<select id="f-feature"><option value="">all</option></select></label>
          <label>Verdict<select id="f-verdict"><option value="">all</option></select></label>
          <span class="count" id="count"></span>
        </section>
        <noscript><p class="empty">This page needs JavaScript for the matrix. The same data is in results.json beside it.</p></noscript>
        <main>
          <div id="matrix-wrap"><table class="matrix" id="matrix"></table></div>
          <aside id="detail" hidden></aside>
        </main>

        """;
}
