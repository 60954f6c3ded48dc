// Writes the golden markdown fixtures of package models: one JSON file per
// case in models/testdata/md, holding the input message, the parser options
// and the tree @rocket.chat/message-parser produces for them.
//
// Usage: npm ci && node generate.js [output directory]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('@rocket.chat/message-parser');

const parserDir = path.dirname(path.dirname(require.resolve('@rocket.chat/message-parser')));
const parserVersion = JSON.parse(fs.readFileSync(path.join(parserDir, 'package.json'), 'utf8')).version;

const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'models', 'testdata', 'md'));

const colors = { colors: true };
const katex = { katex: { dollarSyntax: true, parenthesisSyntax: true } };
const emoticons = { emoticons: true };

// Each case is [name, input, options]. Together they produce every node type.
const cases = [
  ['plain', 'hello world'],
  ['unicode_text', 'naïve café, 日本語 and ✓'],
  ['whitespace', ' '],
  ['escaped', '\\*not bold\\*'],
  ['emphasis', 'hello *bold* _italic_ ~strike~ **bold2** __italic2__ ~~strike2~~'],
  ['nested_emphasis', '~*_all three_*~ and *_~inner~_*'],
  ['bold_mixed', '*bold [link](https://rocket.chat) @user :smile: `code`*'],
  ['inline_code', 'run `go test ./...` now'],
  ['code_block', '```go\nfunc main() {\n\tprintln("hi")\n}\n```'],
  ['code_block_plain', '```\nno language\n```'],
  ['link_label', '[Rocket.Chat *docs*](https://docs.rocket.chat) and [](https://c.d)'],
  ['link_auto', 'see https://rocket.chat/path?q=1#frag and http://localhost:3000'],
  ['link_email', 'mail me at someone@example.com'],
  ['link_domain', 'visit rocket.chat or example.internal', { customDomains: ['example.internal'] }],
  ['link_phone', 'call tel:+5511999999999'],
  ['image', '![the logo](https://rocket.chat/logo.png)'],
  ['mentions', 'hi @john.doe and @all, see #general and #support.team'],
  ['emoji_inline', 'good :thumbsup: job 👍🏽'],
  ['emoticons', 'hello :) and :D', emoticons],
  ['big_emoji_shortcode', ':smile:'],
  ['big_emoji_unicode', '😀 👨‍👩‍👧 🎉'],
  ['big_emoji_mixed', ':rocket:🚀'],
  ['color', 'color:#ff0000 and color:#00ff0080', colors],
  ['color_short', 'color:#fff', colors],
  ['headings', '# Title\n## Section\n### Sub\n#### Minor'],
  ['heading_markup', '# *Bold* title'],
  ['quote', '> quoted *text* @user\n> :smile: second line'],
  ['spoiler', 'the answer is ||42 *really*|| ok'],
  ['spoiler_block', '||\nhidden paragraph\n||'],
  ['unordered_list', '- first *item*\n- [link](https://rocket.chat)\n- third'],
  ['ordered_list', '1. one\n2. two\n3. three'],
  ['ordered_list_numbers', '0. zero\n5. five'],
  ['tasks', '- [ ] todo\n- [x] done *well*'],
  ['table', '| Name | Qty | Note |\n| :--- | ---: | :-: |\n| *apple* | 3 | fresh |\n| pear |  | — |'],
  ['table_plain', '| a | b |\n| --- | --- |\n| 1 | 2 |'],
  ['line_breaks', 'first\n\nsecond\n\n\nthird'],
  ['horizontal_rule', 'above\n---\nbelow'],
  ['katex_dollar', '$$\\frac{1}{2}$$ and inline $x^2$', katex],
  ['katex_paren', '\\[ e = mc^2 \\] then \\(a+b\\)', katex],
  ['timestamp', '<t:1708551317:R>'],
  ['timestamp_formats', '<t:1708551317:t> <t:1708551317:T> <t:1708551317:d> <t:1708551317:D> <t:1708551317:f> <t:1708551317:F> <t:1708551317>'],
  ['timestamp_iso', '<t:2024-02-21T21:35:17.000+00:00:F>'],
  ['timestamp_strike', '~ends <t:1708551317:f>~'],
  ['timestamp_after_emoji', 'héllo 😀 <t:1708551317:R>'],
  ['mixed_message', '# Release\n\nThanks @ana! See *notes* at https://rocket.chat\n\n- [x] build\n- [ ] ship\n\n```sh\nmake\n```\n> done :tada:'],
];

function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const names = new Set();
  for (const [name, input, options] of cases) {
    if (names.has(name)) throw new Error(`duplicate case ${name}`);
    names.add(name);
    const fixture = { parser: parserVersion, input, options: options || {}, md: parse(input, options) };
    fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  }
  for (const file of fs.readdirSync(outDir)) {
    if (file.endsWith('.json') && !names.has(file.slice(0, -'.json'.length))) {
      fs.unlinkSync(path.join(outDir, file));
    }
  }
  console.log(`wrote ${cases.length} fixtures with @rocket.chat/message-parser ${parserVersion} to ${outDir}`);
}

main();
