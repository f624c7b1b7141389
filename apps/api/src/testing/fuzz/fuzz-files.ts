/*
 * Files the fuzzer uploads: import files (as base64) and need-measure CSVs, some well-formed
 * and some with text PostgreSQL cannot store inside a record, in each format the readers take.
 * Built per database from a real postcode, point, category and LSOAs, so the good ones get
 * all the way to the database.
 */

export interface FilePlace {
  postcode: string;
  lon: number;
  lat: number;
  categoryCode: string;
  lsoas: string[];
  /** Makes names unique to this run, so an import never merges into someone else's asset. */
  tag: string;
}

const feature = (p: FilePlace, nameJson: string, extra = '') =>
  `{"type":"Feature","id":"f-${p.tag}","geometry":{"type":"Point","coordinates":[${p.lon},${p.lat}]},"properties":{"name":${nameJson},"category":"${p.categoryCode}"${extra}}}`;
const collection = (...features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

/** Import files, each as the bytes a worker would upload. */
export function importFiles(p: FilePlace): Buffer[] {
  const name = `Fuzz hall ${p.tag}`;
  return [
    Buffer.from(`name,postcode,category,description\n${name},${p.postcode},${p.categoryCode},A hall\n`),
    Buffer.from(`name,postcode,category\n${name} a\u0000b,${p.postcode},${p.categoryCode}\n${name} ok,${p.postcode},${p.categoryCode}\n`),
    Buffer.from(collection(feature(p, `"${name} \\ud800"`))),
    Buffer.from(collection(feature(p, `"${name}"`, ',"description":"nul \\u0000 here","phone":"\\udc00"'))),
    Buffer.from(
      `<?xml version="1.0"?><osm version="0.6"><node id="1" lat="${p.lat}" lon="${p.lon}">` +
        `<tag k="name" v="${name} &#xD800; &#0;"/><tag k="amenity" v="library"/><tag k="opening_hours" v="Mo &#xDC00;"/></node></osm>`,
    ),
    utf16le(`name,postcode,category\n${name} \ud800,${p.postcode},${p.categoryCode}\n`),
    Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xc3, 0x28, 0xff]),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from(
      JSON.stringify([
        { id: `s-${p.tag}`, name: `${name} \u0000`, description: 'x\ud800', status: 'active', locations: [{ id: 'l', latitude: p.lat, longitude: p.lon }] },
        { id: `t-${p.tag}`, name: `${name} kept`, status: 'active', locations: [{ id: 'l', latitude: p.lat, longitude: p.lon }] },
      ]),
    ),
    Buffer.from(`name,postcode,category\n${'n'.repeat(300)},${p.postcode},${p.categoryCode}\n`),
    Buffer.from(`na\u0000me,post\ud800code\nx,y\n`),
    Buffer.from(`name,lat,lon,category\n${name},1e400,-1e400,${p.categoryCode}\n${name} b,9999999999,NaN,${p.categoryCode}\n`),
  ];
}

/** Need-measure CSV texts over the place's LSOAs. */
export function needCsvs(p: FilePlace): string[] {
  const rows = (value: (i: number) => string) => p.lsoas.map((code, i) => `${code},${value(i)}`).join('\n');
  return [
    `lsoa21cd,value\n${rows((i) => String(i))}\n`,
    `lsoa21cd,value\n${rows((i) => (i === 3 ? '1\u00002' : String(i)))}\n`,
    `lsoa21cd,value\n${rows((i) => (i % 2 ? '1e308' : '-1e308'))}\n`,
    `lsoa21cd,value\n${rows(() => '9'.repeat(400))}\n`,
    `lsoa21cd,value\n${rows((i) => ['NaN', 'Infinity', '-0', '0x10', ' 5 '][i % 5]!)}\n`,
    'lsoa21cd,value\n',
    `lsoa21cd,value\n${rows(() => '1')}\n${p.lsoas[0]},2\n`,
    `lsoa\ud800,value\n${rows((i) => String(i))}\n`,
  ];
}
