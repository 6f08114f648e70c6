// JSON-schema validation of our outputs: SARIF 2.1.0 (the official schema shipped with
// @microsoft/sarif-multitool) and CycloneDX 1.5/1.6 (the schemas shipped with
// @cyclonedx/cyclonedx-library, with the SPDX and JSF schemas they reference registered by $id).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { REPO } from './helpers';

const SARIF_SCHEMA = path.join(REPO, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json');
const CDX_SCHEMAS = path.join(REPO, 'node_modules/@cyclonedx/cyclonedx-library/res/schema');

const errorsOf = (errors: { instancePath: string; message?: string }[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

export function sarifErrors(doc: unknown): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  return validate(doc) ? [] : errorsOf(validate.errors);
}

export function cycloneDxErrors(doc: unknown, specVersion: '1.5' | '1.6'): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  // Formats ajv-formats lacks: accepted as strings (the rest of the schema still applies).
  for (const f of ['iri-reference', 'idn-email']) ajv.addFormat(f, true);
  // The BOM schema refers to them by file name relative to its own $id: register them under that URL.
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    const schema = JSON.parse(fs.readFileSync(path.join(CDX_SCHEMAS, name), 'utf8')) as Record<string, unknown>;
    delete schema.$id;
    ajv.addSchema(schema, `http://cyclonedx.org/schema/${name}`);
  }
  const schema = JSON.parse(fs.readFileSync(path.join(CDX_SCHEMAS, `bom-${specVersion}.SNAPSHOT.schema.json`), 'utf8')) as object;
  const validate = ajv.compile(schema);
  return validate(doc) ? [] : errorsOf(validate.errors);
}
