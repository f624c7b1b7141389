import { hoursInWords } from '../../lib/hours-in-words.js';
import { capacityInWords, CONTRIBUTION_SOURCE, NATIONAL_ID_SCHEMES, type Asset, type Category, type DataSource } from '@common-ground/schema';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api/api-client.js';
import { loadSources } from '../../api/shared-requests.js';
import { ageRangeText, displayUrl, formatDate, licenceName, lifecycleText, precisionText, safeWebUrl, telHref, wheelchairText } from '../../lib/format.js';
import { useOpeningStatus } from '../../lib/use-opening-status.js';
import { useResource } from '../../lib/use-resource.js';
import { PanelStatus, SidePanel } from '../panel/side-panel.js';

const loadAsset = (id: string, signal: AbortSignal) => api.getAsset(id, signal);

export interface AssetPanelProps {
  id: string;
  categories: readonly Category[];
  onClose: () => void;
  onShowArea: (code: string) => void;
  /** The asset's own page, linked from the panel. */
  pageHref: string;
  onOpenPage: () => void;
}

/** Everything public about one community asset, including how far to trust its pin and where it came from. */
export function AssetPanel({ id, categories, onClose, onShowArea, pageHref, onOpenPage }: AssetPanelProps) {
  const asset = useResource(id, loadAsset);
  const title = asset.status === 'ready' ? asset.data.name : asset.status === 'error' ? 'Place not available' : 'Loading place…';
  return (
    <SidePanel testId="asset-panel" kicker="Community asset" title={title} contentKey={`asset:${id}`} busy={asset.status === 'loading'} onClose={onClose}>
      {asset.status === 'loading' && <PanelStatus kind="loading">Loading details…</PanelStatus>}
      {asset.status === 'error' && <PanelStatus kind="error">{asset.message}</PanelStatus>}
      {asset.status === 'ready' && (
        <>
          <p>
            <a
              href={pageHref}
              onClick={(event) => {
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                onOpenPage();
              }}
            >
              Open the full page for this place
            </a>
          </p>
          <AssetDetails asset={asset.data} categories={categories} onShowArea={onShowArea} />
        </>
      )}
    </SidePanel>
  );
}

function useSourceNames(): Map<string, DataSource> {
  const [sources, setSources] = useState<Map<string, DataSource>>(new Map());
  useEffect(() => {
    let live = true;
    // Names are a nicety: without them the panel shows source codes.
    loadSources().then(
      (list) => live && setSources(new Map(list.map((s) => [s.code, s]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return sources;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The facts about an asset, shared by the side panel and the asset page. */
export function AssetDetails({
  asset,
  categories,
  onShowArea,
  sectionHeading: SectionHeading = 'h3',
}: {
  asset: Asset;
  categories: readonly Category[];
  onShowArea: (code: string) => void;
  /** The level of the sources heading: h3 under the panel's h2, h2 on the asset page. */
  sectionHeading?: 'h2' | 'h3';
}) {
  const sources = useSourceNames();
  const openingStatus = useOpeningStatus(asset.openingHours !== null);
  const category = categories.find((c) => c.code === asset.categoryCode);
  const group = category?.parentCode ? categories.find((c) => c.code === category.parentCode) : category;
  const website = safeWebUrl(asset.website);
  const ages = ageRangeText(asset.ageMin, asset.ageMax);
  const address = [asset.address, asset.postcode].filter((part): part is string => Boolean(part));
  // The postcode is often already the address's last line.
  if (address.length === 2 && asset.postcode && address[0]!.toUpperCase().includes(asset.postcode.toUpperCase())) address.pop();

  return (
    <>
      <p className="asset-category">
        <span className="dot" style={{ background: category?.colour ?? '#6b7280' }} aria-hidden="true" />
        {asset.categoryName}
        {group && group.code !== asset.categoryCode ? <span className="muted"> · {group.name}</span> : null}
      </p>
      {asset.lifecycleStatus !== 'active' && (
        <p className={`status-note status-note--${asset.lifecycleStatus.replace(' ', '-')}`}>{lifecycleText(asset.lifecycleStatus)}</p>
      )}
      {asset.description && <p className="asset-description">{asset.description}</p>}

      <dl className="facts">
        {asset.organisation && <Row label="Run by">{asset.organisation}</Row>}
        <Row label="Address">
          {address.length > 0 ? (
            <address>
              {address.map((line) => (
                <span key={line} className="block">
                  {line}
                </span>
              ))}
            </address>
          ) : (
            <span className="muted">No address given</span>
          )}
        </Row>
        <Row label="Location">{precisionText(asset.locationPrecision)}</Row>
        {(asset.phone ?? asset.email ?? website) && (
          <Row label="Contact">
            <ul className="plain-list">
              {asset.phone && (
                <li>
                  <a href={telHref(asset.phone)}>{asset.phone}</a>
                </li>
              )}
              {asset.email && (
                <li>
                  <a href={`mailto:${asset.email}`}>{asset.email}</a>
                </li>
              )}
              {website && (
                <li>
                  <a href={website} target="_blank" rel="noopener noreferrer">
                    {displayUrl(website)}
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                </li>
              )}
            </ul>
          </Row>
        )}
        {(asset.openingHours ?? asset.openingHoursNote) && (
          <Row label="Opening hours">
            {asset.openingHours && openingStatus?.(asset.openingHours) && (
              <p className="opening-status" data-testid="opening-status">
                <strong>{openingStatus(asset.openingHours)}</strong>
                <span className="muted small"> (UK time)</span>
              </p>
            )}
            {asset.openingHours && (
              <ul className="plain-list hours" data-testid="opening-hours">
                {hoursInWords(asset.openingHours).map((rule) => (
                  <li key={rule.text}>{rule.plain ? rule.text : <code>{rule.text}</code>}</li>
                ))}
              </ul>
            )}
            {asset.openingHoursNote && <p className="small">{asset.openingHoursNote}</p>}
            {asset.openingHours && hoursInWords(asset.openingHours).some((r) => !r.plain) && (
              <p className="muted small">Times shown in code are as the source gives them, in OpenStreetMap notation.</p>
            )}
          </Row>
        )}
        <Row label="Accessibility">
          {wheelchairText(asset.wheelchair)}
          {asset.accessibilityNote && <span className="block small">{asset.accessibilityNote}</span>}
        </Row>
        {(asset.free !== null || asset.costNote) && (
          <Row label="Cost">
            {asset.free === true ? 'Free' : asset.free === false ? 'There may be a charge' : null}
            {asset.costNote && <span className="block small">{asset.costNote}</span>}
          </Row>
        )}
        {ages && <Row label="Who for">{ages}</Row>}
        {asset.capacity && <Row label="Capacity">{capacityInWords(asset.capacity)}</Row>}
        {asset.nationalId && (
          <Row label={NATIONAL_ID_SCHEMES[asset.nationalId.scheme as keyof typeof NATIONAL_ID_SCHEMES] ?? asset.nationalId.scheme}>
            <span data-testid="national-id">{asset.nationalId.id}</span>
          </Row>
        )}
        {asset.languages.length > 0 && <Row label="Languages">{asset.languages.join(', ')}</Row>}
        {/* What residents say when they add a place (issue 17): shown when said either way. */}
        {asset.carersWelcome !== null && <Row label="Carers">{asset.carersWelcome ? 'Carers welcome' : 'Not set up for carers'}</Row>}
        {asset.volunteersWanted !== null && <Row label="Volunteering">{asset.volunteersWanted ? 'Volunteers wanted' : 'Not looking for volunteers'}</Row>}
        <Row label="Status">{lifecycleText(asset.lifecycleStatus)}</Row>
        {asset.lastVerifiedAt && <Row label="Last checked">{formatDate(asset.lastVerifiedAt)}</Row>}
        {asset.areaCode && (
          <Row label="Neighbourhood">
            <button type="button" className="link-button" onClick={() => onShowArea(asset.areaCode!)}>
              {asset.areaName ?? asset.areaCode}
            </button>
          </Row>
        )}
      </dl>

      <section aria-labelledby="asset-sources-heading">
        <SectionHeading id="asset-sources-heading" className="section-title">
          Where this comes from
        </SectionHeading>
        {asset.provenance.length === 0 ? (
          <p className="muted">No source recorded.</p>
        ) : (
          <ul className="source-list">
            {asset.provenance.map((p) => {
              const source = sources.get(p.source);
              // Places people added here have no publisher or record number to show.
              if (p.source === CONTRIBUTION_SOURCE) {
                return (
                  <li key={`${p.source}:${p.sourceId ?? ''}`}>
                    <span className="block">
                      <strong>Added by people using Common Ground</strong>
                    </span>
                    <span className="block small">
                      {p.sourceDate ? `Added on ${formatDate(p.sourceDate)}` : 'Date not given'} · {licenceName(p.licence)}
                    </span>
                  </li>
                );
              }
              return (
                <li key={`${p.source}:${p.sourceId ?? ''}`}>
                  <span className="block">
                    <strong>{source?.name ?? p.source}</strong>
                    {source ? <span className="muted"> · {source.publisher}</span> : null}
                  </span>
                  <span className="block small">
                    {p.sourceDate ? `Data as of ${formatDate(p.sourceDate)}` : 'Date not given'} · {licenceName(p.licence)}
                    {p.sourceId ? <span className="muted"> · record {p.sourceId}</span> : null}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
