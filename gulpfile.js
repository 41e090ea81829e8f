const path = require('path');
const { task, src, dest } = require('gulp');

// n8n resolves `file:` icons relative to the built file that names them, so each icon is copied
// to the same place under dist/ as it has in the source tree.
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	);
}

task('build:icons', copyIcons);

// The codex file (`<Node>.node.json`) sits beside the node for n8n's node panel.
function copyCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest(path.resolve('dist')));
}

task('build:codex', copyCodex);
