// MSL7xx: model formats other than pickle, and facts about a file's format.
import type { RuleMeta } from './types';

export const FORMAT_MISMATCH: RuleMeta = {
  id: 'MSL701',
  name: 'format-mismatch',
  title: 'File content does not match its extension',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A file whose bytes are a different format than its name claims is a classic way to slip a pickle past tools and people who trust the extension.',
  description:
    'Formats are detected from magic bytes first and the extension second. This file\'s extension names one format and its content is another; ' +
    'loaders that sniff content (such as `torch.load`) will treat it as what it really is.',
  safeAlternative: 'Rename the file to its real format, or replace it with a file in the format it claims.',
};

export const UNRECOGNISED_FORMAT: RuleMeta = {
  id: 'MSL702',
  name: 'format-unrecognised',
  title: 'Model file format not recognised',
  family: 'model-format',
  severity: 'info',
  confidence: 'medium',
  why: 'A file with a model-like name whose format is not recognised has not been analysed.',
  description: 'Neither the magic bytes nor the content matched a format the scanner analyses, so no content checks ran on this file.',
  safeAlternative: 'Check where the file came from; convert it to a format the scanner understands if you can.',
};

export const NOT_ANALYSED: RuleMeta = {
  id: 'MSL703',
  name: 'format-not-analysed',
  title: 'Model format recognised but not analysed',
  family: 'model-format',
  severity: 'info',
  confidence: 'high',
  why: 'The scanner knows this format but has no content checks for it yet, so the file has not been vetted.',
  description: 'The file was identified (by signature or by name) as a format the scanner does not analyse in this version. It is listed so that nothing is skipped silently.',
  safeAlternative: 'Review the file by other means, or convert it to a format the scanner analyses.',
};

export const modelFormatRules: RuleMeta[] = [FORMAT_MISMATCH, UNRECOGNISED_FORMAT, NOT_ANALYSED];
