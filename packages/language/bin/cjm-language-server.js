#!/usr/bin/env node
// The standalone CJM language server: `cjm-language-server --stdio` (or --node-ipc, --socket=PORT).
import { startCjmLanguageServer } from '../out/main.js';

startCjmLanguageServer();
