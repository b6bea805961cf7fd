// What draw-core assumes of its runtime beyond ECMAScript: UTF-8 text coding, which
// every target (Node, Chromium, Electron) provides. Declared here, not taken from the
// DOM or Node typings, so that nothing else from either can slip into draw-core.
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
