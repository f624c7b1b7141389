import { FullPage } from '../panel/full-page.js';

/** What this instance keeps about people, why, and for how long. Plain English, no legalese. */
export function PrivacyPage({ onBack }: { onBack: () => void }) {
  return (
    <FullPage testId="privacy-page" kicker="Privacy notice" title="What we keep about you, and for how long" onBack={onBack}>
      <div className="prose">
        <p>
          You can look at the map, search and report a problem with a place without an account. We only keep personal information if you create an account, or
          when the law or the safety of the service needs it. This is everything.
        </p>

        <h2>Your account</h2>
        <p>
          Your email address, the name you give, your role (resident, community worker or administrator) and your password, stored only as an argon2id hash,
          which cannot be turned back into your password. We keep these <strong>until you delete your account</strong>.
        </p>

        <h2>Signing in</h2>
        <ul>
          <li>
            <strong>Sessions</strong>: while you are signed in, a cookie holds a random session id. A session ends{' '}
            <strong>14 days after you last used it</strong> (each visit extends it) and is then deleted. Signing out ends it at once.
          </li>
          <li>
            <strong>Password reset tokens</strong> last <strong>1 hour</strong> and work once.
          </li>
          <li>
            <strong>Rate limits</strong>: to stop abuse we count recent requests by IP address or by account. These counters are kept for{' '}
            <strong>at most a day</strong>.
          </li>
        </ul>

        <h2>The audit log</h2>
        <p>
          For security we record sign-ins, failed sign-ins, registrations, changes to people’s roles and areas, password resets and account deletions, each with
          the time and the IP address it came from. We keep this log for <strong>2 years (730 days)</strong>, also after an account is deleted, so that misuse
          can still be investigated.
        </p>

        <h2>What you add</h2>
        <ul>
          <li>
            <strong>Places and changes you contribute</strong> stay on the map after you delete your account, because others rely on them, but they{' '}
            <strong>no longer name you</strong>.
          </li>
          <li>
            <strong>Your notes</strong> (comments on places and areas) are <strong>deleted with your account</strong>.
          </li>
          <li>
            <strong>Reports</strong> you filed (“closed”, “wrong details”) stay, <strong>without your name</strong>.
          </li>
        </ul>

        <h2>Your rights</h2>
        <p>
          Signed in, you can download everything we keep about you, and delete your account, from the <a href="/account">Account page</a>. We do not sell or
          share personal information, and we use no advertising or tracking cookies.
        </p>

        <h2>Who to contact</h2>
        <p>
          This copy of Common Ground is run by its operator (the organisation that set up this website). Contact them about your data, or to complain. You may
          also complain to the Information Commissioner’s Office (ico.org.uk).
        </p>
      </div>
    </FullPage>
  );
}
