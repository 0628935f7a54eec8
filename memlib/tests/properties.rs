//! No memory operation reads or writes out of bounds or panics, whatever its arguments:
//! random operations with random indices (huge, negative, `mininteger`), sizes and
//! overlapping ranges, run as Lua under a memory limit. `copy`, `fill`, `set` and `resize`
//! are also checked against a plain `Vec<u8>` model. Deterministic: a fixed-seed xorshift.

use regolith_vm::Lua;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index: mostly near the memory's range, sometimes extreme.
    fn index(&mut self, len: usize) -> String {
        let len = len as i64;
        match self.below(10) {
            0 => "math.mininteger".into(),
            1 => "math.maxinteger".into(),
            2 => (-(self.below(len as u64 + 3) as i64)).to_string(),
            3 => "0".into(),
            4 => format!("{}.5", self.below(len as u64 + 2)),
            5 => (len + self.below(3) as i64).to_string(),
            6 => "(1 << 62)".into(),
            _ => (self.below(len as u64 + 2) as i64).to_string(),
        }
    }

    fn byte(&mut self) -> String {
        match self.below(8) {
            0 => "256".into(),
            1 => "-1".into(),
            2 => "1.5".into(),
            3 => "'x'".into(),
            _ => self.below(256).to_string(),
        }
    }
}

fn state() -> Lua {
    let mut lua = Lua::bare();
    lua.enter(|ctx| {
        regolith_stdlib::open_all(ctx);
        regolith_memlib::open(ctx);
    });
    lua.set_memory_limit(Some(lua.memory_used() + (8 << 20)));
    lua
}

const READS: &[&str] = &[
    "readi8", "readu8", "readi16", "readu16be", "readi32", "readu32be", "readi64", "readf32", "readf64be",
];
const WRITES: &[&str] = &[
    "writei8", "writeu8", "writei16be", "writeu16", "writei32be", "writeu32", "writei64", "writef32be", "writef64",
];

/// One random operation on the memory `m` (its length is about `len`) as a Lua statement.
fn operation(rng: &mut XorShift, len: usize) -> String {
    let (i, j, k) = (rng.index(len), rng.index(len), rng.index(len));
    let src = rng.pick(&["m", "'abcdef'", "'' ", "other", "memory.create(3)"]);
    match rng.below(22) {
        0 => format!("x = m[{i}]"),
        1 => format!("m[{i}] = {}", rng.byte()),
        2 => format!("memory.get(m, {i}, {j})"),
        3 => format!("memory.set(m, {i}, {}, {})", rng.byte(), rng.byte()),
        4 => format!("memory.fill(m, {src}, {i}, {j}, {k})"),
        5 => format!("memory.fill(m, {}, {i}, {j})", rng.byte()),
        6 => format!("memory.find(m, {src}, {i}, {j}, {k})"),
        7 => format!("memory.resize(m, {}, {src}, {k})", rng.below(2 * len as u64 + 4)),
        8 => format!("memory.resize(m, {i})"),
        9 => format!("memory.copy(m, {i}, {src}, {j}, {k})"),
        10 => format!("memory.copy(m, {i}, {src}, {j})"),
        11 => format!("memory.{}(m, {i})", rng.pick(READS)),
        12 => format!("memory.{}(m, {i}, {})", rng.pick(WRITES), rng.byte()),
        13 => format!("memory.readstring(m, {i}, {j})"),
        14 => format!("memory.writestring(m, {i}, {src}, {k})"),
        15 => format!("memory.pack(m, '<i2 z s1 d', {i}, 1, 'ab', 'c', 2.5)"),
        16 => format!("memory.unpack(m, 'i3 c2 z', {i})"),
        17 => format!("memory.tostring(m, {i}, {j}) memory.create(m, {i}, {j})"),
        18 => format!("string.find(m, 'a', {i}) string.sub(m, {i}, {j}) string.byte(m, {i}, {j})"),
        19 => format!("string.gsub(m, '.', function() memory.resize(m, {}) end)", rng.below(len as u64 + 1)),
        20 => "memory.diff(m, other) x = m .. other x = #m x = tostring(m)".to_string(),
        _ => format!("do local c <close> = (memory.type(m) == 'resizable' and memory.create() or nil) if c then c:resize({}) end end", rng.below(64)),
    }
}

#[test]
fn random_operations_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..60 {
        let mut lua = state();
        let len = rng.below(40) as usize;
        let setup = if rng.below(2) == 0 {
            format!("m = memory.create({len})")
        } else {
            format!("m = memory.create() memory.resize(m, {len})")
        };
        let mut script = format!("other = memory.create('xyz') {setup}\n");
        for _ in 0..200 {
            script.push_str(&format!("pcall(function() {} end)\n", operation(&mut rng, len)));
        }
        script.push_str("return #m");
        let out = lua.exec(script.as_bytes(), "=random", &[]);
        assert!(out.is_ok(), "round {round}: {out:?}\n{script}");
        lua.collect_garbage();
    }
}

/// The model of `copy`: `n` bytes from `j` of `src` to `i` of `dst`, or `None` if a range is
/// out of bounds (the rule of the typed functions).
fn span(i: i64, n: usize, len: usize) -> Option<std::ops::Range<usize>> {
    let start = if i > 0 {
        i as u128 - 1
    } else if i < 0 && (i.unsigned_abs() as u128) <= len as u128 {
        len as u128 - i.unsigned_abs() as u128
    } else {
        return None;
    };
    let end = start + n as u128;
    (end <= len as u128).then_some(start as usize..end as usize)
}

#[test]
fn overlapping_copies_match_a_model() {
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let mut lua = state();
    for _ in 0..400 {
        let len = 1 + rng.below(24) as usize;
        let mut model: Vec<u8> = (0..len).map(|k| (k * 7 + 1) as u8).collect();
        let pick = |rng: &mut XorShift| -> i64 {
            match rng.below(6) {
                0 => -(rng.below(len as u64 + 2) as i64),
                1 => i64::MIN,
                _ => rng.below(len as u64 + 2) as i64,
            }
        };
        let (i, j) = (pick(&mut rng), pick(&mut rng));
        let n = rng.below(len as u64 + 2) as usize;
        let expect_ok = match (span(j, n, len), span(i, n, len)) {
            (Some(from), Some(to)) => {
                model.copy_within(from, to.start);
                true
            }
            _ => false,
        };
        let init: Vec<String> = (0..len).map(|k| ((k * 7 + 1) as u8).to_string()).collect();
        let script = format!(
            "local m = memory.create({len}) m:set(1, {}) local ok = pcall(memory.copy, m, {i}, m, {j}, {n})
             local t = {{m:get(1, -1)}} return ok, table.concat(t, ',')",
            init.join(", ")
        );
        let out = lua.exec(script.as_bytes(), "=copy", &[]).unwrap();
        let got: Vec<String> = model.iter().map(|b| b.to_string()).collect();
        assert_eq!(out[0], expect_ok.to_string(), "copy({i}, {j}, {n}) of {len}");
        assert_eq!(out[1], got.join(","), "copy({i}, {j}, {n}) of {len}");
    }
}

#[test]
fn fill_set_and_resize_match_a_model() {
    let mut rng = XorShift(0xDEAD_BEEF_CAFE_F00D);
    let mut lua = state();
    let mut model: Vec<u8> = Vec::new();
    let mut script = String::from("local m = memory.create()\n");
    for _ in 0..300 {
        match rng.below(3) {
            0 => {
                let l = rng.below(40) as usize;
                script.push_str(&format!("m:resize({l}, 'pq')\n"));
                let old = model.len();
                model.resize(l, 0);
                if l > old {
                    for (k, b) in model[old..].iter_mut().enumerate() {
                        *b = b"pq"[k % 2];
                    }
                }
            }
            1 if !model.is_empty() => {
                let (a, b) = (rng.below(model.len() as u64) as usize, rng.below(model.len() as u64) as usize);
                let v = rng.below(256) as u8;
                script.push_str(&format!("m:fill({v}, {}, {})\n", a + 1, b + 1));
                if a <= b {
                    model[a..=b].fill(v);
                }
            }
            _ if !model.is_empty() => {
                let at = rng.below(model.len() as u64) as usize;
                let v = rng.below(256) as u8;
                script.push_str(&format!("m:set({}, {v}, {v})\n", at + 1));
                let end = (at + 2).min(model.len());
                model[at..end].fill(v);
            }
            _ => {}
        }
    }
    script.push_str("return table.concat({m:get(1, -1)}, ',')");
    let out = lua.exec(script.as_bytes(), "=model", &[]).unwrap();
    let want: Vec<String> = model.iter().map(|b| b.to_string()).collect();
    assert_eq!(out[0], want.join(","));
}
