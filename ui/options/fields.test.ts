import { describe, expect, it } from 'vitest';
import { normalizeHostname, parseMinWords, parseSimilarityPercent, similarityToPercent } from './fields';

describe('parseMinWords', () => {
  it('accepts whole numbers from 4 to 200', () => {
    expect(parseMinWords('4')).toBe(4);
    expect(parseMinWords(' 200 ')).toBe(200);
    expect(parseMinWords('3')).toBeNull();
    expect(parseMinWords('201')).toBeNull();
    expect(parseMinWords('8.5')).toBeNull();
    expect(parseMinWords('')).toBeNull();
    expect(parseMinWords('1e2')).toBeNull();
  });
});

describe('similarity percent', () => {
  it('reads 0–100 as 0–1', () => {
    expect(parseSimilarityPercent('50')).toBe(0.5);
    expect(parseSimilarityPercent('0')).toBe(0);
    expect(parseSimilarityPercent('100%')).toBe(1);
    expect(parseSimilarityPercent('72.5')).toBe(0.725);
    expect(parseSimilarityPercent('101')).toBeNull();
    expect(parseSimilarityPercent('-1')).toBeNull();
    expect(parseSimilarityPercent('abc')).toBeNull();
  });

  it('shows a similarity as a percentage', () => {
    expect(similarityToPercent(0.5)).toBe(50);
    expect(similarityToPercent(0.725)).toBe(72.5);
  });
});

describe('normalizeHostname', () => {
  it('accepts hostnames and reduces URLs to their hostname', () => {
    expect(normalizeHostname('Example.COM')).toBe('example.com');
    expect(normalizeHostname('https://www.example.com/news?x=1')).toBe('www.example.com');
    expect(normalizeHostname('news.example.com:8080')).toBe('news.example.com');
    expect(normalizeHostname('example.com.')).toBe('example.com');
    expect(normalizeHostname('localhost')).toBe('localhost');
    expect(normalizeHostname('bücher.de')).toBe('xn--bcher-kva.de');
  });

  it('rejects what is not a hostname', () => {
    expect(normalizeHostname('')).toBeNull();
    expect(normalizeHostname('   ')).toBeNull();
    expect(normalizeHostname('not a host')).toBeNull();
    expect(normalizeHostname('-bad-.com')).toBeNull();
  });
});
