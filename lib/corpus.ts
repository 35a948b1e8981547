import { z } from 'zod';

/** A calendar date, `YYYY-MM-DD`, or a full ISO 8601 timestamp. */
const publishedDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'expected a date like 2009-01-01')
  .refine(isRealCalendarDate, 'not a real date');

/** `Date.parse` rolls 2009-02-30 over to March 2; a real date survives the round trip. */
function isRealCalendarDate(value: string): boolean {
  const day = value.slice(0, 10);
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day && !Number.isNaN(Date.parse(value));
}

/** What a document id may hold (it ends up in keys and links). */
export const DOCUMENT_ID_PATTERN = /^[\w.-]+$/;

/** One corpus article as accepted by the index builder (JSONL line or front matter + body). */
export const corpusDocumentSchema = z.strictObject({
  id: z
    .string()
    .min(1, 'id is empty')
    .max(200)
    .regex(DOCUMENT_ID_PATTERN, 'id may hold only letters, digits, "_", "." and "-"'),
  title: z.string().trim().min(1, 'title is empty').max(500),
  text: z.string().refine((text) => /[\p{L}\p{N}]/u.test(text), 'text is empty'),
  // Only web links: the UI puts this in an href, where javascript: or file: would be unsafe.
  url: z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).optional(),
  outlet: z.string().trim().min(1).max(200).optional(),
  published: publishedDate.optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag like "en"')
    .optional(),
});

/** One corpus article. */
export type CorpusDocument = z.infer<typeof corpusDocumentSchema>;

/** A corpus article's metadata: everything but its text. */
export type DocumentMetadata = Omit<CorpusDocument, 'text'>;
