import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A JUnit report read with a real XML parser: well-formed first, then read back as data, every
 * attribute and text as the string written (no number parsing, no trimming), and the elements
 * that may repeat always as lists.
 */
export function parseJunitXml<T>(xml: string): T {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
    trimValues: false,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  }).parse(xml) as T;
}
