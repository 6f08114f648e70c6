/** A project's own additions to the pickle allowlist; every entry must say why it is inert. */
export interface AllowlistExtension {
  module: string;
  /** Attribute name; `*` allows every name in the module. */
  name: string;
  justification: string;
}

export interface PolicyOptions {
  extraAllowed?: AllowlistExtension[];
}
