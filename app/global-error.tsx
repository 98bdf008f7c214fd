'use client';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui', textAlign: 'center', marginTop: '6rem' }}>
        <h1>Watchfloor is having trouble</h1>
        <p>
          The error was logged{error.digest ? ` (reference ${error.digest})` : ''}. Reload the page in a
          moment.
        </p>
      </body>
    </html>
  );
}
