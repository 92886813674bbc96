// The student copy's package-lock.json: the instructor's, without the packages only the
// instructor's tools need. `npm ci` insists that the lock and package.json agree, so the lock is
// pruned to what the student package.json's dependencies reach, resolved as npm resolves them
// (the nearest node_modules up the tree), and nothing is re-resolved or fetched anew.

interface LockPackage {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
  resolved?: string;
  [key: string]: unknown;
}

interface Lock {
  packages: Record<string, LockPackage>;
  [key: string]: unknown;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The lock for `packageJson`: its root entry's dependencies replaced, unreachable packages gone. */
export function studentLock(lock: Lock, packageJson: PackageJson): Lock {
  const packages = lock.packages;
  const root: LockPackage = { ...packages[''] };
  for (const field of ['dependencies', 'devDependencies'] as const) {
    if (packageJson[field]) root[field] = packageJson[field];
    else delete root[field];
  }
  const reached = new Set<string>(['']);
  const queue: string[] = [''];
  const entry = (location: string) => (location === '' ? root : packages[location]);
  while (queue.length > 0) {
    const location = queue.shift()!;
    const found = entry(location);
    const target = found.link && typeof found.resolved === 'string' ? found.resolved : undefined;
    if (target !== undefined && packages[target] && !reached.has(target)) {
      reached.add(target);
      queue.push(target);
    }
    for (const name of dependencyNames(found, location === '')) {
      const resolved = resolve(packages, location, name);
      if (resolved !== undefined && !reached.has(resolved)) {
        reached.add(resolved);
        queue.push(resolved);
      }
    }
  }
  const kept: Record<string, LockPackage> = {};
  for (const [location, value] of Object.entries(packages))
    if (reached.has(location)) kept[location] = location === '' ? root : value;
  return { ...lock, packages: kept };
}

function dependencyNames(entry: LockPackage, isRoot: boolean): string[] {
  const optionalPeers = new Set(
    Object.entries(entry.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name),
  );
  return [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.optionalDependencies ?? {}),
    ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name)),
    // A package's own devDependencies are never installed; the root's are.
    ...(isRoot ? Object.keys(entry.devDependencies ?? {}) : []),
  ];
}

/** Where npm finds `name` for the package at `location`: its own node_modules, then each parent's. */
function resolve(
  packages: Record<string, LockPackage>,
  location: string,
  name: string,
): string | undefined {
  let base = location;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent >= 0 ? base.slice(0, parent) : '';
  }
}
