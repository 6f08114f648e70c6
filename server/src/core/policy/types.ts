/** A project's own additions to the pickle allowlist; every entry must say why it is inert. */
export interface AllowlistExtension {
  module: string;
  /** Attribute name; `*` allows every name in the module. */
  name: string;
  justification: string;
}

export interface PolicyOptions {
  extraAllowed?: AllowlistExtension[];
  /**
   * Set for pickles inside a TorchScript archive: their `__torch__.*` classes are resolved by
   * TorchScript's type system from the archive's own `code/` (analysed separately), not imported.
   */
  torchScriptArchive?: boolean;
}
