// Mozilla Readability (Firefox's reader view, read-later apps) on built pages: prints one JSON
// object, {file: {title, content}}, for the files given as arguments (path=url pairs).
"use strict";
const fs = require("fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const result = {};
for (const arg of process.argv.slice(2)) {
  const cut = arg.indexOf("=");
  const [file, url] = [arg.slice(0, cut), arg.slice(cut + 1)];
  // No scripts run and no stylesheets load: a reader view sees the HTML as served.
  const dom = new JSDOM(fs.readFileSync(file, "utf8"), { url, virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  result[file] = article ? { title: article.title, content: article.content } : null;
}
process.stdout.write(JSON.stringify(result));
