//! The os library (cargo feature `os`): `clock`, `date`, `difftime`, `exit`, `getenv`,
//! `remove`, `rename`, `setlocale`, `time`, `tmpname`.
//!
//! Dates are computed in Rust, in the C locale, with no libc:
//! - Local time comes from the zone file named by `TZ` (`TZ=Europe/Paris` or
//!   `TZ=:Europe/Paris`, looked up under `/usr/share/zoneinfo`) or from `/etc/localtime`,
//!   read as TZif. Known differences from the C library: POSIX rule strings in `TZ`
//!   (`EST5EDT`) and the rule footer of zone files are not interpreted, so times after a
//!   zone's last listed transition use that transition's offset; without a readable zone
//!   file local time is UTC. `isdst` in a table given to `os.time` is ignored.
//! - `os.clock` is the monotonic time since the library was first opened in the process, not
//!   CPU time: std offers no precise process CPU clock without libc (Linux's
//!   `/proc/self/schedstat` only moves by scheduler ticks), and a script interpreter mostly
//!   runs on the CPU anyway. Time spent waiting (for input, in `io.popen`) counts, unlike C's
//!   `clock()`.
//! - `os.exit` ends the process only when the host allowed it with [`allow_process_exit`]
//!   (the `regolith` CLI does). Otherwise it raises an error (`os.exit called with status
//!   N`) that unwinds to the host, so an embedded script cannot kill the host process.
//!   Note that `pcall` can catch that error.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use regolith_vm::error::RuntimeError;
use regolith_vm::{Action, Context, Stack, Table, Value};

use crate::sys::{fail_result, os_string, path_of};

type Result<'gc> = std::result::Result<Action<'gc>, RuntimeError<'gc>>;

/// The registry key whose truthy value lets `os.exit` end the process.
const EXIT_ALLOWED_KEY: &str = "regolith.os.exit_allowed";

pub fn open(ctx: Context<'_>) {
    let os = ctx.new_table();
    let functions: &[(&'static str, regolith_vm::function::NativeFn)] = &[
        ("clock", clock),
        ("date", date),
        ("difftime", difftime),
        ("exit", exit),
        ("getenv", getenv),
        ("remove", remove),
        ("rename", rename),
        ("setlocale", setlocale),
        ("time", time),
        ("tmpname", tmpname),
    ];
    ctx.set_functions(os, functions);
    ctx.set_field(ctx.globals(), "os", Value::Table(os));
    clock_start();
}

/// Lets `os.exit` flush standard output and end the process, as the standalone interpreter
/// does. Hosts that embed regolith normally leave this off.
pub fn allow_process_exit(ctx: Context<'_>) {
    ctx.set_field(ctx.root.registry, EXIT_ALLOWED_KEY, Value::Boolean(true));
}

fn returning<'gc>(stack: &mut Stack<'gc, '_>, values: &[Value<'gc>]) -> Result<'gc> {
    stack.replace(values);
    Ok(Action::Return)
}

// ---------------------------------------------------------------------------------------------
// Processes and files
// ---------------------------------------------------------------------------------------------

fn clock_start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn clock<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    returning(
        stack,
        &[Value::Number(clock_start().elapsed().as_secs_f64())],
    )
}

fn getenv<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?;
    let bytes = name.as_bytes();
    // `var_os` rejects (by panicking) empty names and names with '=' or NUL; none exists.
    let valid = !bytes.is_empty() && !bytes.contains(&b'=') && !bytes.contains(&0);
    let value = if valid {
        std::env::var_os(os_string(bytes))
    } else {
        None
    };
    let result = match value {
        None => Value::Nil,
        Some(v) => {
            #[cfg(unix)]
            let bytes = std::os::unix::ffi::OsStrExt::as_bytes(v.as_os_str()).to_vec();
            #[cfg(not(unix))]
            let bytes = v.to_string_lossy().into_owned().into_bytes();
            Value::String(ctx.new_string(&bytes))
        }
    };
    returning(stack, &[result])
}

fn remove<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let name = stack.check_string(ctx, 1)?.as_bytes();
    let path = path_of(name);
    // Like C's `remove`, empty directories go too.
    let result = match std::fs::remove_file(&path) {
        Err(e) if path.is_dir() => std::fs::remove_dir(&path).map_err(|_| e),
        other => other,
    };
    match result {
        Ok(()) => returning(stack, &[Value::Boolean(true)]),
        Err(e) => fail_result(ctx, stack, &e, Some(name)),
    }
}

fn rename<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let from = stack.check_string(ctx, 1)?.as_bytes();
    let to = stack.check_string(ctx, 2)?.as_bytes();
    match std::fs::rename(path_of(from), path_of(to)) {
        Ok(()) => returning(stack, &[Value::Boolean(true)]),
        // Lua 5.4.4 reports a failed rename without a file name.
        Err(e) => fail_result(ctx, stack, &e, None),
    }
}

/// A fresh file name in the temporary directory; like `mkstemp` the file is created (empty),
/// so no other process can take the name.
fn tmpname<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let dir = std::env::temp_dir();
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ (std::process::id() as u64) << 32;
    for _ in 0..100 {
        let mut name = String::from("lua_");
        for _ in 0..6 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            name.push(CHARS[(seed >> 33) as usize % CHARS.len()] as char);
        }
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => {
                let text = path.to_string_lossy().into_owned();
                return returning(stack, &[ctx.new_str_value(&text)]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => break,
        }
    }
    Err(RuntimeError::msg("unable to generate a unique filename"))
}

fn exit<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let status = match stack.get(0) {
        Value::Boolean(true) => 0,
        Value::Boolean(false) => 1,
        _ => stack.opt_integer(1, 0)? as i32,
    };
    if ctx
        .get_field(ctx.root.registry, EXIT_ALLOWED_KEY)
        .is_truthy()
    {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        std::process::exit(status);
    }
    Err(RuntimeError::msg(format!(
        "os.exit called with status {status}"
    )))
}

fn setlocale<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let locale = stack.opt_string(ctx, 1)?;
    let category = stack.opt_string(ctx, 2)?;
    if let Some(c) = category {
        let known = ["all", "collate", "ctype", "monetary", "numeric", "time"];
        if !known.iter().any(|k| k.as_bytes() == c.as_bytes()) {
            let message = format!("invalid option '{}'", c.to_str_lossy());
            return Err(stack.arg_error(2, &message));
        }
    }
    // Only the C locale exists here.
    let result = match locale.map(|l| l.as_bytes()) {
        None | Some(b"") | Some(b"C") | Some(b"POSIX") => ctx.new_str_value("C"),
        Some(_) => Value::Nil,
    };
    returning(stack, &[result])
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, days counted from 1970-01-01)
// ---------------------------------------------------------------------------------------------

/// Days from 1970-01-01 to `year-month-day` (month 1..=12, day may be out of range: it
/// just adds days).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Count years from March so the leap day is the last day of the counting year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468 + (day - 1)
}

/// `(year, month, day)` of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// A broken-down time, like C's `struct tm` but with the real year and 1-based month.
#[derive(Clone, Debug)]
struct DateTime {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    /// 0 = Sunday.
    wday: i64,
    /// 0-based day of the year.
    yday: i64,
    isdst: bool,
    /// Offset from UTC in seconds, and the zone's abbreviation.
    offset: i64,
    zone: String,
}

impl DateTime {
    /// The broken-down form of `t` at `offset`; `None` when its year does not fit C's
    /// `struct tm` (an `int` counted from 1900), where the C library fails too.
    fn from_seconds(t: i64, offset: i64, isdst: bool, zone: String) -> Option<DateTime> {
        let local = t.checked_add(offset)?;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        i32::try_from(year - 1900).ok()?;
        Some(DateTime {
            year,
            month,
            day,
            hour: secs / 3600,
            min: secs / 60 % 60,
            sec: secs % 60,
            wday: (days + 4).rem_euclid(7),
            yday: days - days_from_civil(year, 1, 1),
            isdst,
            offset,
            zone,
        })
    }

    /// ISO 8601 week-based year and week number (`%G`, `%V`).
    fn iso_week(&self) -> (i64, i64) {
        let iso_wday = (self.wday + 6) % 7 + 1;
        let week = (self.yday + 1 - iso_wday + 10) / 7;
        let weeks_in = |year: i64| {
            let jan1 = (days_from_civil(year, 1, 1) + 4).rem_euclid(7);
            if jan1 == 4 || (jan1 == 3 && is_leap(year)) {
                53
            } else {
                52
            }
        };
        if week < 1 {
            (self.year - 1, weeks_in(self.year - 1))
        } else if week > weeks_in(self.year) {
            (self.year + 1, 1)
        } else {
            (self.year, week)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

/// A zone read from a TZif file: transitions (UTC seconds, index into `types`) and local time
/// types (offset, isdst, abbreviation).
struct Zone {
    transitions: Vec<(i64, usize)>,
    types: Vec<(i64, bool, String)>,
}

impl Zone {
    fn parse(data: &[u8]) -> Option<Zone> {
        fn be(bytes: &[u8]) -> Option<i64> {
            Some(match bytes.len() {
                4 => i32::from_be_bytes(bytes.try_into().ok()?) as i64,
                8 => i64::from_be_bytes(bytes.try_into().ok()?),
                _ => return None,
            })
        }
        fn counts(h: &[u8]) -> Option<[usize; 6]> {
            if h.get(..4)? != b"TZif" {
                return None;
            }
            let mut c = [0usize; 6];
            for (i, item) in c.iter_mut().enumerate() {
                *item = be(h.get(20 + i * 4..24 + i * 4)?)? as usize;
            }
            Some(c)
        }
        let [isut, isstd, leap, time, typ, chars] = counts(data)?;
        let mut body = data.get(44..)?;
        let mut time_size = 4;
        if data.get(4).copied().unwrap_or(0) >= b'2' {
            let v1 = time * 5 + typ * 6 + chars + leap * 8 + isstd + isut;
            let second = body.get(v1..)?;
            let [isut2, isstd2, leap2, time2, typ2, chars2] = counts(second)?;
            body = second.get(44..)?;
            time_size = 8;
            return Zone::read(body, time_size, [isut2, isstd2, leap2, time2, typ2, chars2]);
        }
        Zone::read(body, time_size, [isut, isstd, leap, time, typ, chars])
    }

    fn read(body: &[u8], time_size: usize, counts: [usize; 6]) -> Option<Zone> {
        let [_, _, _, time, typ, chars] = counts;
        let times = body.get(..time * time_size)?;
        let indices = body.get(time * time_size..time * (time_size + 1))?;
        let infos_start = time * (time_size + 1);
        let infos = body.get(infos_start..infos_start + typ * 6)?;
        let abbrevs = body.get(infos_start + typ * 6..infos_start + typ * 6 + chars)?;
        let mut types = Vec::with_capacity(typ);
        for info in infos.chunks_exact(6) {
            let offset = i32::from_be_bytes([info[0], info[1], info[2], info[3]]) as i64;
            let start = info[5] as usize;
            let name: Vec<u8> = abbrevs
                .get(start..)?
                .iter()
                .copied()
                .take_while(|&b| b != 0)
                .collect();
            types.push((
                offset,
                info[4] != 0,
                String::from_utf8_lossy(&name).into_owned(),
            ));
        }
        let mut transitions = Vec::with_capacity(time);
        for (i, t) in times.chunks_exact(time_size).enumerate() {
            let when = if time_size == 8 {
                i64::from_be_bytes(t.try_into().ok()?)
            } else {
                i32::from_be_bytes(t.try_into().ok()?) as i64
            };
            let index = indices[i] as usize;
            if index >= types.len() {
                return None;
            }
            transitions.push((when, index));
        }
        if types.is_empty() {
            return None;
        }
        Some(Zone { transitions, types })
    }

    /// Offset, isdst and abbreviation in effect at UTC time `t`.
    fn at(&self, t: i64) -> (i64, bool, String) {
        let after = self.transitions.partition_point(|&(when, _)| when <= t);
        let index = if after == 0 {
            self.types.iter().position(|ty| !ty.1).unwrap_or(0)
        } else {
            self.transitions[after - 1].1
        };
        self.types[index].clone()
    }
}

/// The local zone, read once: `TZ` names a zone file, else `/etc/localtime`.
fn local_zone() -> Option<&'static Zone> {
    static ZONE: OnceLock<Option<Zone>> = OnceLock::new();
    ZONE.get_or_init(|| {
        let path = match std::env::var("TZ") {
            Ok(tz) if !tz.is_empty() => {
                let name = tz.trim_start_matches(':');
                if name.starts_with('/') {
                    std::path::PathBuf::from(name)
                } else {
                    std::path::Path::new("/usr/share/zoneinfo").join(name)
                }
            }
            _ => std::path::PathBuf::from("/etc/localtime"),
        };
        std::fs::read(path).ok().and_then(|data| Zone::parse(&data))
    })
    .as_ref()
}

fn local_time(t: i64) -> Option<DateTime> {
    let (offset, isdst, zone) = match local_zone() {
        Some(z) => z.at(t),
        None => (0, false, "UTC".to_string()),
    };
    DateTime::from_seconds(t, offset, isdst, zone)
}

fn utc_time(t: i64) -> Option<DateTime> {
    DateTime::from_seconds(t, 0, false, "GMT".to_string())
}

/// The UTC time of a local wall-clock time given as seconds since the epoch (`mktime`).
fn local_to_utc(local: i64) -> i64 {
    let Some(zone) = local_zone() else {
        return local;
    };
    let guess = local - zone.at(local).0;
    local - zone.at(guess).0
}

// ---------------------------------------------------------------------------------------------
// time, difftime, date
// ---------------------------------------------------------------------------------------------

fn now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

/// A `time_t` argument: an integer (`l_checktime`).
fn check_time<'gc>(
    stack: &Stack<'gc, '_>,
    n: usize,
) -> std::result::Result<i64, RuntimeError<'gc>> {
    stack.check_integer(n)
}

/// Reads an integer field of a date table (`getfield` of loslib): `default` when absent
/// (`None`: required), `delta` is what C's `struct tm` subtracts (1900 for the year).
fn date_field<'gc>(
    ctx: Context<'gc>,
    t: Table<'gc>,
    key: &str,
    default: Option<i64>,
    delta: i64,
) -> std::result::Result<i64, RuntimeError<'gc>> {
    let v = ctx.get_field(t, key);
    let value = match v.to_integer() {
        Some(i) => i,
        None => {
            if !v.is_nil() {
                return Err(RuntimeError::msg(format!(
                    "field '{key}' is not an integer"
                )));
            }
            match default {
                Some(d) => return Ok(d),
                None => {
                    return Err(RuntimeError::msg(format!(
                        "field '{key}' missing in date table"
                    )))
                }
            }
        }
    };
    // C's `struct tm` fields are ints.
    let fits = if value >= 0 {
        value - delta <= i32::MAX as i64
    } else {
        i32::MIN as i64 + delta <= value
    };
    if !fits {
        return Err(RuntimeError::msg(format!("field '{key}' is out-of-bound")));
    }
    Ok(value)
}

fn set_date_fields<'gc>(ctx: Context<'gc>, t: Table<'gc>, d: &DateTime) {
    let fields = [
        ("year", d.year),
        ("month", d.month),
        ("day", d.day),
        ("hour", d.hour),
        ("min", d.min),
        ("sec", d.sec),
        ("yday", d.yday + 1),
        ("wday", d.wday + 1),
    ];
    for (k, v) in fields {
        ctx.set_field(t, k, Value::Integer(v));
    }
    ctx.set_field(t, "isdst", Value::Boolean(d.isdst));
}

fn time<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    if stack.get(0).is_nil() {
        return returning(stack, &[Value::Integer(now())]);
    }
    let t = stack.check_table(1)?;
    let year = date_field(ctx, t, "year", None, 1900)?;
    let month = date_field(ctx, t, "month", None, 1)?;
    let day = date_field(ctx, t, "day", None, 0)?;
    let hour = date_field(ctx, t, "hour", Some(12), 0)?;
    let min = date_field(ctx, t, "min", Some(0), 0)?;
    let sec = date_field(ctx, t, "sec", Some(0), 0)?;
    // Normalise like `mktime`: months beyond 1..12 carry into the year, the rest into days.
    let month0 = month - 1;
    let days =
        days_from_civil(year + month0.div_euclid(12), month0.rem_euclid(12) + 1, 1) + (day - 1);
    let local = days * 86_400 + hour * 3600 + min * 60 + sec;
    let result = local_to_utc(local);
    // `time_t` range of the C library: years that fit in an int. Like C's `mktime`, which
    // returns -1 for errors, PUC cannot tell one second before the epoch from a failure.
    let d = match local_time(result) {
        Some(d) if result != -1 => d,
        _ => {
            return Err(RuntimeError::msg(
                "time result cannot be represented in this installation",
            ))
        }
    };
    set_date_fields(ctx, t, &d);
    returning(stack, &[Value::Integer(result)])
}

fn difftime<'gc>(_ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let t1 = check_time(stack, 1)?;
    let t2 = check_time(stack, 2)?;
    returning(stack, &[Value::Number(t1 as f64 - t2 as f64)])
}

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Conversions `os.date` accepts (C99's, with the `E` and `O` modifiers where C99 allows them).
fn valid_conversion(spec: &[u8]) -> Option<usize> {
    const SINGLE: &[u8] = b"aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
    const WITH_E: &[u8] = b"cCxXyY";
    const WITH_O: &[u8] = b"deHImMSuUVwWy";
    match spec {
        [b'E', c, ..] if WITH_E.contains(c) => Some(2),
        [b'O', c, ..] if WITH_O.contains(c) => Some(2),
        [c, ..] if SINGLE.contains(c) => Some(1),
        _ => None,
    }
}

/// Appends conversion `c` of `d` in the C locale.
fn format_conversion(c: u8, d: &DateTime, out: &mut String) {
    use std::fmt::Write;
    let month_name = MONTHS[(d.month - 1).clamp(0, 11) as usize];
    let day_name = DAYS[d.wday.clamp(0, 6) as usize];
    let hour12 = if d.hour % 12 == 0 { 12 } else { d.hour % 12 };
    let _ = match c {
        b'a' => write!(out, "{}", &day_name[..3]),
        b'A' => write!(out, "{day_name}"),
        b'b' | b'h' => write!(out, "{}", &month_name[..3]),
        b'B' => write!(out, "{month_name}"),
        b'c' => {
            format_conversion(b'a', d, out);
            out.push(' ');
            format_conversion(b'b', d, out);
            write!(
                out,
                " {:2} {:02}:{:02}:{:02} {}",
                d.day, d.hour, d.min, d.sec, d.year
            )
        }
        b'C' => write!(out, "{:02}", d.year.div_euclid(100)),
        b'd' => write!(out, "{:02}", d.day),
        b'D' | b'x' => write!(
            out,
            "{:02}/{:02}/{:02}",
            d.month,
            d.day,
            d.year.rem_euclid(100)
        ),
        b'e' => write!(out, "{:2}", d.day),
        b'F' => write!(out, "{}-{:02}-{:02}", d.year, d.month, d.day),
        b'g' => write!(out, "{:02}", d.iso_week().0.rem_euclid(100)),
        b'G' => write!(out, "{}", d.iso_week().0),
        b'H' => write!(out, "{:02}", d.hour),
        b'I' => write!(out, "{hour12:02}"),
        b'j' => write!(out, "{:03}", d.yday + 1),
        b'm' => write!(out, "{:02}", d.month),
        b'M' => write!(out, "{:02}", d.min),
        b'n' => writeln!(out),
        b'p' => write!(out, "{}", if d.hour < 12 { "AM" } else { "PM" }),
        b'r' => write!(
            out,
            "{hour12:02}:{:02}:{:02} {}",
            d.min,
            d.sec,
            if d.hour < 12 { "AM" } else { "PM" }
        ),
        b'R' => write!(out, "{:02}:{:02}", d.hour, d.min),
        b'S' => write!(out, "{:02}", d.sec),
        b't' => write!(out, "\t"),
        b'T' | b'X' => write!(out, "{:02}:{:02}:{:02}", d.hour, d.min, d.sec),
        b'u' => write!(out, "{}", (d.wday + 6) % 7 + 1),
        b'U' => write!(out, "{:02}", (d.yday + 7 - d.wday) / 7),
        b'V' => write!(out, "{:02}", d.iso_week().1),
        b'w' => write!(out, "{}", d.wday),
        b'W' => write!(out, "{:02}", (d.yday + 7 - (d.wday + 6) % 7) / 7),
        b'y' => write!(out, "{:02}", d.year.rem_euclid(100)),
        b'Y' => write!(out, "{}", d.year),
        b'z' => {
            let sign = if d.offset < 0 { '-' } else { '+' };
            let minutes = d.offset.abs() / 60;
            write!(out, "{sign}{:02}{:02}", minutes / 60, minutes % 60)
        }
        b'Z' => write!(out, "{}", d.zone),
        _ => write!(out, "%"),
    };
}

fn date<'gc>(ctx: Context<'gc>, stack: &mut Stack<'gc, '_>) -> Result<'gc> {
    let format = match stack.opt_string(ctx, 1)? {
        Some(s) => s.as_bytes(),
        None => b"%c",
    };
    let t = if stack.get(1).is_nil() {
        now()
    } else {
        check_time(stack, 2)?
    };
    let (utc, mut spec) = match format.strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, format),
    };
    let d = if utc { utc_time(t) } else { local_time(t) }.ok_or_else(|| {
        RuntimeError::msg("date result cannot be represented in this installation")
    })?;
    if spec.starts_with(b"*t") {
        let table = ctx.new_table();
        set_date_fields(ctx, table, &d);
        return returning(stack, &[Value::Table(table)]);
    }
    let mut out = Vec::new();
    let mut text = String::new();
    while let Some((&b, rest)) = spec.split_first() {
        spec = rest;
        if b != b'%' {
            out.push(b);
            continue;
        }
        let Some(width) = valid_conversion(spec) else {
            let mut message = b"invalid conversion specifier '%".to_vec();
            message.extend_from_slice(spec);
            message.push(b'\'');
            return Err(stack.arg_error(1, &String::from_utf8_lossy(&message)));
        };
        text.clear();
        format_conversion(spec[width - 1], &d, &mut text);
        out.extend_from_slice(text.as_bytes());
        spec = &spec[width..];
    }
    ctx.consume_fuel(out.len() as i64);
    returning(stack, &[Value::String(ctx.new_string(&out))])
}
