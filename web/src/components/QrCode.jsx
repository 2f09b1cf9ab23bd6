// A QR code drawn from the modules the server computed (libqrencode): rows of '0'/'1'. Drawn
// as SVG rectangles, so no inline markup or data: address is needed under the CSP.
export function QrCode({ qr, label }) {
  const quiet = 4;
  const size = qr.size + quiet * 2;
  const cells = [];
  qr.rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) if (row[x] === '1') cells.push(`M${x + quiet} ${y + quiet}h1v1h-1z`);
  });
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} width="220" height="220" role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
}
