/**
 * WGS84 longitude/latitude → British National Grid (EPSG:27700) easting/northing, computed the
 * way PostGIS's `ST_Transform(geom, 27700)` computes it on both of our databases, so that the
 * TypeScript reference implementation of the provision measures and the SQL agree to far better
 * than a millimetre.
 *
 * Which transformation PostGIS applies (checked on this project's databases, 2025):
 * - the PostgreSQL server (PostGIS 3.3.2, PROJ 9.1.1) and PGlite (PostGIS 3.6.2, PROJ 9.7.0) both
 *   pick "Inverse of OSGB36 to WGS 84 (6) + British National Grid" (`projinfo -s EPSG:4326 -t
 *   EPSG:27700`): neither has the OSTN15 grid file (`uk_os_OSTN15_NTv2_OSGBtoETRS.tif`) and PROJ's
 *   network access is off, so PROJ falls back to the 7-parameter Helmert of `+towgs84=446.448,
 *   -125.157,542.06,0.15,0.247,0.842,-20.489`. The two databases agree to 2e-9 m on 285 postcodes.
 * - The Helmert is good to about 2 m against OSTN15, the definitive OS transformation. That is
 *   fine for walking-distance bands, and matching the databases exactly matters more here.
 *
 * The pipeline, step by step as PROJ runs it:
 * 1. geodetic (WGS84 ellipsoid, height 0) → geocentric cartesian X, Y, Z;
 * 2. the inverse of the OSGB36 → WGS84 Helmert, position-vector convention, with PROJ's
 *    small-angle (linearised) rotation matrix, inverted as PROJ inverts it: un-translate,
 *    un-scale, multiply by the transposed matrix (not an exact inverse of the forward shift —
 *    the difference is ~0.1 mm, which is why it is copied rather than solved exactly);
 * 3. geocentric → geodetic on the Airy 1830 ellipsoid with Bowring's (1976) one-step formula;
 * 4. Transverse Mercator (lat0 49°N, lon0 2°W, k0 0.9996012717, E0 400000, N0 −100000) with the
 *    Poder/Engsager 6th-order Krüger series, the algorithm PROJ uses when lat0 ≠ 0 (not its
 *    faster Evenden/Snyder series, nor the Ordnance Survey's printed series).
 */

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;

interface Ellipsoid {
  a: number;
  b: number;
  /** First eccentricity squared. */
  es: number;
  /** Second eccentricity squared, es / (1 − es). */
  e2s: number;
  /** Third flattening, f / (2 − f). */
  n: number;
}

function ellipsoid(a: number, inverseFlattening: number): Ellipsoid {
  const f = 1 / inverseFlattening;
  const es = 2 * f - f * f;
  return { a, b: a * (1 - f), es, e2s: es / (1 - es), n: f / (2 - f) };
}

const WGS84 = ellipsoid(6378137, 298.257223563);
const AIRY_1830 = ellipsoid(6377563.396, 299.3249646);

/** OSGB36 → WGS84 (EPSG:1314), position-vector convention: metres, arc-seconds, ppm. */
const HELMERT = { tx: 446.448, ty: -125.157, tz: 542.06, rx: 0.15, ry: 0.247, rz: 0.842, ppm: -20.489 };

type Vec3 = [number, number, number];

function geodeticToCartesian(lonRad: number, latRad: number, e: Ellipsoid): Vec3 {
  const sinLat = Math.sin(latRad);
  const cosLat = Math.cos(latRad);
  const nu = e.a / Math.sqrt(1 - e.es * sinLat * sinLat);
  return [nu * cosLat * Math.cos(lonRad), nu * cosLat * Math.sin(lonRad), nu * (1 - e.es) * sinLat];
}

/** Bowring's one-step formula; heights are not needed, so only longitude and latitude return. */
function cartesianToGeodetic([x, y, z]: Vec3, e: Ellipsoid): { lon: number; lat: number } {
  const p = Math.hypot(x, y);
  const theta = Math.atan2(z * e.a, p * e.b);
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  return {
    lon: Math.atan2(y, x),
    lat: Math.atan2(z + e.e2s * e.b * s * s * s, p - e.es * e.a * c * c * c),
  };
}

/**
 * WGS84 → OSGB36: the inverse of the published OSGB36 → WGS84 shift X' = s·R·X + T, where R is the
 * linearised position-vector rotation [[1, −rz, ry], [rz, 1, −rx], [−ry, rx, 1]]. Inverted as
 * X = Rᵀ·(X' − T)/s.
 */
function wgs84ToOsgb36Cartesian([x, y, z]: Vec3): Vec3 {
  const scale = 1 + HELMERT.ppm * 1e-6;
  const rx = HELMERT.rx * ARCSEC;
  const ry = HELMERT.ry * ARCSEC;
  const rz = HELMERT.rz * ARCSEC;
  const X = (x - HELMERT.tx) / scale;
  const Y = (y - HELMERT.ty) / scale;
  const Z = (z - HELMERT.tz) / scale;
  return [X + rz * Y - ry * Z, -rz * X + Y + rx * Z, ry * X - rx * Y + Z];
}

/** Clenshaw summation of Σ c[k]·sin(2(k+1)φ), returned added to φ (a latitude series). */
function latitudeSeries(coefficients: readonly number[], phi: number): number {
  const twoCos2Phi = 2 * Math.cos(2 * phi);
  let h1 = 0;
  let h2 = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) {
    const h = -h2 + twoCos2Phi * h1 + (coefficients[k] ?? 0);
    h2 = h1;
    h1 = h;
  }
  return phi + h1 * Math.sin(2 * phi);
}

/** Complex Clenshaw summation of Σ c[k]·sin(2(k+1)(u + iv)); returns [real, imaginary]. */
function complexSeries(coefficients: readonly number[], u: number, v: number): [number, number] {
  const sinU = Math.sin(2 * u);
  const cosU = Math.cos(2 * u);
  const sinhV = Math.sinh(2 * v);
  const coshV = Math.cosh(2 * v);
  const r = 2 * cosU * coshV;
  const i = -2 * sinU * sinhV;
  let hr = 0;
  let hi = 0;
  let hr1 = 0;
  let hi1 = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) {
    const hr2 = hr1;
    const hi2 = hi1;
    hr1 = hr;
    hi1 = hi;
    hr = -hr2 + r * hr1 - i * hi1 + (coefficients[k] ?? 0);
    hi = -hi2 + i * hr1 + r * hi1;
  }
  const sr = sinU * coshV;
  const si = cosU * sinhV;
  return [sr * hr - si * hi, sr * hi + si * hr];
}

interface TransverseMercator {
  lon0: number;
  /** Scaled meridian quadrant: a·k0/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256). */
  scaledQuadrant: number;
  /** Northing of the latitude of origin, in the projection's normalised units. */
  originOffset: number;
  falseEasting: number;
  falseNorthing: number;
  /** Geodetic → conformal ("Gaussian") latitude. */
  toConformal: number[];
  /** Conformal sphere → ellipsoidal transverse Mercator (Krüger's series). */
  toProjected: number[];
}

/** Krüger/Poder–Engsager series to 6th order in the third flattening (Engsager & Poder, ICC 2007). */
function transverseMercator(e: Ellipsoid, p: { lat0: number; lon0: number; k0: number; falseEasting: number; falseNorthing: number }): TransverseMercator {
  const n = e.n;
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n3 * n;
  const n5 = n4 * n;
  const n6 = n5 * n;
  const toConformal = [
    n * (-2 + n * (2 / 3 + n * (4 / 3 + n * (-82 / 45 + n * (32 / 45 + n * (4642 / 4725)))))),
    n2 * (5 / 3 + n * (-16 / 15 + n * (-13 / 9 + n * (904 / 315 + n * (-1522 / 945))))),
    n3 * (-26 / 15 + n * (34 / 21 + n * (8 / 5 + n * (-12686 / 2835)))),
    n4 * (1237 / 630 + n * (-12 / 5 + n * (-24832 / 14175))),
    n5 * (-734 / 315 + n * (109598 / 31185)),
    n6 * (444337 / 155925),
  ];
  const toProjected = [
    n * (0.5 + n * (-2 / 3 + n * (5 / 16 + n * (41 / 180 + n * (-127 / 288 + n * (7891 / 37800)))))),
    n2 * (13 / 48 + n * (-3 / 5 + n * (557 / 1440 + n * (281 / 630 + n * (-1983433 / 1935360))))),
    n3 * (61 / 240 + n * (-103 / 140 + n * (15061 / 26880 + n * (167603 / 181440)))),
    n4 * (49561 / 161280 + n * (-179 / 168 + n * (6601661 / 7257600))),
    n5 * (34729 / 80640 + n * (-3418889 / 1995840)),
    n6 * (212378941 / 319334400),
  ];
  const scaledQuadrant = (p.k0 / (1 + n)) * (1 + n2 * (1 / 4 + n2 * (1 / 64 + n2 / 256)));
  // On the central meridian the complex series reduces to a real one (v = 0).
  const conformalLat0 = latitudeSeries(toConformal, p.lat0);
  const originOffset = -scaledQuadrant * (conformalLat0 + complexSeries(toProjected, conformalLat0, 0)[0]);
  return {
    lon0: p.lon0,
    scaledQuadrant: scaledQuadrant * e.a,
    originOffset: originOffset * e.a,
    falseEasting: p.falseEasting,
    falseNorthing: p.falseNorthing,
    toConformal,
    toProjected,
  };
}

const BRITISH_NATIONAL_GRID = transverseMercator(AIRY_1830, {
  lat0: 49 * DEG,
  lon0: -2 * DEG,
  k0: 0.9996012717,
  falseEasting: 400000,
  falseNorthing: -100000,
});

function projectTransverseMercator(tm: TransverseMercator, lonRad: number, latRad: number): { e: number; n: number } {
  const lam = lonRad - tm.lon0;
  const chi = latitudeSeries(tm.toConformal, latRad);
  const sinChi = Math.sin(chi);
  const cosChi = Math.cos(chi);
  const cosChiCosLam = cosChi * Math.cos(lam);
  // Rotate to the transverse sphere: u along the central meridian, v across it.
  const u = Math.atan2(sinChi, cosChiCosLam);
  const v = Math.asinh((Math.sin(lam) * cosChi) / Math.hypot(sinChi, cosChiCosLam));
  const [du, dv] = complexSeries(tm.toProjected, u, v);
  return {
    e: tm.scaledQuadrant * (v + dv) + tm.falseEasting,
    n: tm.scaledQuadrant * (u + du) + tm.originOffset + tm.falseNorthing,
  };
}

/** A point in British National Grid metres. */
export interface BngPoint {
  /** Easting, metres. */
  e: number;
  /** Northing, metres. */
  n: number;
}

/**
 * Projects WGS84 (EPSG:4326) degrees to British National Grid (EPSG:27700) metres, as
 * `ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 27700)` does on our databases.
 */
export function lonLatToBng(lon: number, lat: number): BngPoint {
  const wgs84 = geodeticToCartesian(lon * DEG, lat * DEG, WGS84);
  const osgb36 = cartesianToGeodetic(wgs84ToOsgb36Cartesian(wgs84), AIRY_1830);
  return projectTransverseMercator(BRITISH_NATIONAL_GRID, osgb36.lon, osgb36.lat);
}
