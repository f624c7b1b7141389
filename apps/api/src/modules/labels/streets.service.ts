import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { StreetLayer } from '@common-ground/schema';

/**
 * The street layers shipped in `<data>/streets/`: a manifest (streets.json) naming each
 * gzipped GeoJSON file and its extent. The files are small derived extracts of the
 * walking-network pilot areas (OpenStreetMap, ODbL), made by data/streets/make-streets.mjs.
 */
const Manifest = z.object({
  layers: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string(),
      file: z.string().regex(/^[\w.-]+\.geojson\.gz$/),
      bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      dataDate: z.string(),
      named: z.boolean(),
      attribution: z.string(),
    }),
  ),
});
type ManifestLayer = z.infer<typeof Manifest>['layers'][number];

export class StreetLayers {
  private manifest: Promise<ManifestLayer[]> | undefined;
  constructor(private readonly dir: string) {}

  private layers(): Promise<ManifestLayer[]> {
    this.manifest ??= readFile(path.join(this.dir, 'streets.json'), 'utf8').then(
      (text) => Manifest.parse(JSON.parse(text)).layers,
      // No streets folder: a deployment without street data draws none.
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      },
    );
    return this.manifest;
  }

  async list(): Promise<StreetLayer[]> {
    return (await this.layers()).map(({ file: _file, ...layer }) => ({ ...layer, url: `/api/streets/${layer.id}` }));
  }

  /** The gzipped GeoJSON of one layer, or undefined when there is no such layer. */
  async gzipped(id: string): Promise<Buffer | undefined> {
    const layer = (await this.layers()).find((l) => l.id === id);
    return layer ? readFile(path.join(this.dir, layer.file)) : undefined;
  }
}
