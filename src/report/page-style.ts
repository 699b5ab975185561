// The report's stylesheet, inlined into the page: the file opens from disk with nothing
// to fetch. Colours name what a mark means (an ack, a failure, a fault), the same in the
// lanes, the legend and the tables.
export const PAGE_STYLE = `
:root { --col: 22px; --label: 11.5rem; --ok: #1a7f37; --ack: #0a58ca; --bad: #cf222e; --warn: #9a6700; --muted: #6e7781; --line: #d0d7de; --bg2: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header, section { padding: 0.6rem 1rem; }
h1 { font-size: 1.15rem; margin: 0 0 0.3rem; }
h1.failed { color: var(--bad); } h1.held { color: var(--ok); }
h2 { font-size: 1rem; margin: 0.8rem 0 0.4rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
dl.origin { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
dl.origin dt { color: var(--muted); }
dl.origin dd { margin: 0; }
.violation { border-left: 4px solid var(--bad); background: #fff5f5; padding: 0.4rem 0.6rem; margin: 0.4rem 0; }
.violation .statement { font-weight: 600; }
.violation .message { white-space: pre-wrap; }
.replay { display: flex; gap: 0.5rem; align-items: center; margin: 0.4rem 0; }
.replay code { background: var(--bg2); border: 1px solid var(--line); padding: 0.25rem 0.45rem; border-radius: 4px; user-select: all; overflow-wrap: anywhere; }
button { font: inherit; padding: 0.15rem 0.6rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: var(--bg2); }
.controls { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; margin: 0.3rem 0; }
.legend { display: flex; gap: 0.8rem; flex-wrap: wrap; color: var(--muted); margin: 0.3rem 0; }
.legend span { white-space: nowrap; }
#lanes-scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; max-height: 70vh; }
#lanes { display: grid; grid-template-columns: var(--label) repeat(var(--slots), var(--col)); width: max-content; position: relative; }
.cell { height: 30px; border-bottom: 1px solid #eaeef2; border-right: 1px solid #f3f4f6; position: relative; cursor: pointer; overflow: visible; }
.cell:hover { background: #eef6ff; }
.head { height: 34px; font-size: 10px; color: var(--muted); text-align: center; background: var(--bg2); position: sticky; top: 0; z-index: 3; line-height: 1.1; padding-top: 2px; }
.label { position: sticky; left: 0; z-index: 4; background: #fff; padding: 6px 0.5rem; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: default; border-right: 1px solid var(--line); }
.label.head { z-index: 5; text-align: left; }
.label .kind { font-weight: 400; color: var(--muted); font-size: 11px; }
.stretch { background: repeating-linear-gradient(135deg, #f6f8fa, #f6f8fa 4px, #eaeef2 4px, #eaeef2 8px); }
.stretch.head { color: #1f2328; font-weight: 600; }
.failing { background: #fff0c2; }
.failing.head { background: #ffd33d; color: #1f2328; font-weight: 700; }
.culprit { outline: 2px solid var(--bad); outline-offset: -2px; }
.cut { border-left: 3px solid var(--bad); }
.cut.head { color: var(--bad); font-weight: 700; }
.selected { box-shadow: inset 0 0 0 2px var(--ack); }
.seg { position: absolute; left: 0; right: -1px; height: 6px; }
.overflow { position: absolute; right: 1px; top: 0; font-size: 9px; line-height: 10px; color: var(--muted); z-index: 2; }
.seg-call { background: #8fb8ff; } .seg-fs { background: #c9b2f5; } .seg-parked { background: repeating-linear-gradient(90deg, #f0b429, #f0b429 3px, transparent 3px, transparent 6px); }
.seg.first { left: 3px; border-top-left-radius: 3px; border-bottom-left-radius: 3px; }
.seg.last { right: 3px; border-top-right-radius: 3px; border-bottom-right-radius: 3px; }
.seg.open.last { right: -1px; background-image: linear-gradient(90deg, transparent, #fff); }
.seg-label { position: absolute; left: 4px; top: 0; font-size: 9px; line-height: 10px; white-space: nowrap; overflow: hidden; pointer-events: none; color: #0b2a66; z-index: 1; }
.marks { position: absolute; bottom: 1px; left: 0; right: 0; text-align: center; font-size: 11px; line-height: 12px; white-space: nowrap; z-index: 2; }
.m-queued { color: var(--ok); } .m-ack { color: var(--ack); font-weight: 700; } .m-closed { color: var(--muted); }
.m-failed, .m-fs-error, .m-fault, .m-unanswered { color: var(--bad); font-weight: 700; }
.m-fs { color: #6639ba; } .m-submit { color: #8250df; } .m-park, .m-resume { color: var(--warn); } .m-timer, .m-clock, .m-answered { color: var(--muted); }
#details { background: #fff; border: 2px solid var(--line); border-radius: 4px; margin: 0.4rem 1rem; max-height: 45vh; overflow: auto; }
#details pre { background: var(--bg2); padding: 0.3rem 0.5rem; margin: 0.2rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
#details .hint { color: var(--muted); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 0.15rem 0.45rem; text-align: left; vertical-align: top; }
th { background: var(--bg2); }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 70rem; }
tr.durable td.n { border-left: 4px solid var(--ok); }
tr.volatile td.n { border-left: 4px solid var(--warn); }
tr.torn td { background: #fff0f0; }
tr.hole td { background: #f3f3f3; color: var(--muted); }
tr.reported td.flags { color: var(--bad); font-weight: 600; }
.st-missing { color: var(--bad); font-weight: 700; } .st-duplicated { color: #bc4c00; font-weight: 700; } .st-present { color: var(--ok); } .st-absent { color: var(--muted); }
.cutbox { border-left: 4px solid var(--bad); background: #fff5f5; padding: 0.3rem 0.6rem; margin: 0.4rem 0; }
.note { color: var(--muted); }
`;
