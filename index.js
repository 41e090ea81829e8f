// n8n loads this package through the "n8n" field of package.json; this entry is for tools that
// require the package directly.
module.exports = {};
