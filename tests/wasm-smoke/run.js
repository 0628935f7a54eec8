// Loads the wasm module built from this crate and checks the checksum its Lua script returns.
const fs = require("fs");
const path = process.argv[2];
WebAssembly.instantiate(fs.readFileSync(path), {}).then(({ instance }) => {
  const got = instance.exports.run_checksum();
  const want = 2893n + 55n + 3n + 1000n + 7n;
  if (got !== want) {
    console.error(`wasm smoke test: checksum ${got}, expected ${want}`);
    process.exit(1);
  }
  console.log(`wasm smoke test: ok (checksum ${got})`);
});
