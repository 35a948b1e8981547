import { z } from 'zod';

/** A calendar date, `YYYY-MM-DD`, or a full ISO 8601 timestamp. */
const publishedDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'expected a date like 2009-01-01')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a real date');

/** One corpus article as accepted by the index builder (JSONL line or front matter + body). */
export const corpusDocumentSchema = z.strictObject({
  id: z
    .string()
    .min(1, 'id is empty')
    .max(200)
    .regex(/^[\w.-]+$/, 'id may hold only letters, digits, "_", "." and "-"'),
  title: z.string().trim().min(1, 'title is empty').max(500),
  text: z.string().refine((text) => /[\p{L}\p{N}]/u.test(text), 'text is empty'),
  url: z.url().optional(),
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
