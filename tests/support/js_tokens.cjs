// Prints, for each JavaScript module named on the command line, its tokens as acorn reads
// them (kind, value, line), comments left out: one JSON list per file, a line each.
const fs = require("fs");
const path = require("path");
const acorn = require(path.join(__dirname, "..", "..", "node_modules", "acorn"));

for (const file of process.argv.slice(2)) {
  const source = fs.readFileSync(file, "utf8");
  const tokens = [];
  for (const token of acorn.tokenizer(source, { ecmaVersion: "latest", sourceType: "module", locations: true })) {
    const value = token.value instanceof RegExp || typeof token.value === "bigint" ? String(token.value) : token.value;
    tokens.push([token.type.label, value === undefined ? null : value, token.loc.start.line]);
  }
  console.log(JSON.stringify(tokens));
}
