/**
 * A service built once per running application (a server, or one test's server), created on first
 * use. Features expose their services this way instead of growing AppContext.
 */
export function perApp<App extends object, T>(factory: (app: App) => T): (app: App) => T {
  const instances = new WeakMap<App, T>();
  return (app) => {
    let instance = instances.get(app);
    if (instance === undefined) {
      instance = factory(app);
      instances.set(app, instance);
    }
    return instance;
  };
}
