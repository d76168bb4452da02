// Unit tests are pure and quick alone, but property-based runs and solver instances share two cores with
// whatever else the machine runs (a CI run's servers, other work): jest's 5 s default failed one on a
// loaded run. 30 s bounds a hung test without failing a slow one. Set per file, as in integration-timeout.
jest.setTimeout(30_000);
