/** Where the shipped area files are, under `data/`. */
export const BOUNDARIES_FILE = 'boundaries/lsoa21_bsc_england.geojson.gz';
export const IMD_FILE = 'deprivation/imd2025_lsoa21_england.csv.gz';
export const POPULATION_FILE = 'population/lsoa21_census2021_usual_residents_by_age_ew.csv.gz';
