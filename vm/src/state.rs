//! The state's root object (globals, registry, shared metatables, metamethod names) and the
//! `Context` handed to everything that runs inside the arena.

use std::rc::Rc;

use gc_arena::lock::RefLock;
use gc_arena::{Collect, DynamicRootSet, Gc, Mutation, Rootable};

use crate::account::Account;
use crate::error::{FatalError, RuntimeError};
use crate::function::{Callback, NativeFn, Upvalue, UpvalueState};
use crate::gc::GcLists;
use crate::string::{Interner, LuaString};
use crate::table::Table;
use crate::thread::Thread;
use crate::value::{Value, ValueType};
use crate::warn::Warnings;

/// The error object of a failed allocation, as PUC words it.
pub const NOT_ENOUGH_MEMORY: &str = "not enough memory";

macro_rules! meta_events {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// Metamethod events, each with its `__name`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum MetaEvent { $($variant),* }

        impl MetaEvent {
            pub const ALL: &'static [MetaEvent] = &[$(MetaEvent::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(MetaEvent::$variant => $name),* }
            }
        }
    };
}

meta_events! {
    Index = "__index",
    NewIndex = "__newindex",
    Gc = "__gc",
    Mode = "__mode",
    Len = "__len",
    Eq = "__eq",
    Add = "__add",
    Sub = "__sub",
    Mul = "__mul",
    Mod = "__mod",
    Pow = "__pow",
    Div = "__div",
    IDiv = "__idiv",
    BAnd = "__band",
    BOr = "__bor",
    BXor = "__bxor",
    Shl = "__shl",
    Shr = "__shr",
    Unm = "__unm",
    BNot = "__bnot",
    Lt = "__lt",
    Le = "__le",
    Concat = "__concat",
    Call = "__call",
    Close = "__close",
    ToString = "__tostring",
    Name = "__name",
    Metatable = "__metatable",
    Pairs = "__pairs",
}

impl MetaEvent {
    /// The event of an arithmetic or bitwise operator.
    pub fn of_arith(op: crate::number::ArithOp) -> MetaEvent {
        use crate::number::ArithOp as A;
        match op {
            A::Add => MetaEvent::Add,
            A::Sub => MetaEvent::Sub,
            A::Mul => MetaEvent::Mul,
            A::Mod => MetaEvent::Mod,
            A::Pow => MetaEvent::Pow,
            A::Div => MetaEvent::Div,
            A::IDiv => MetaEvent::IDiv,
            A::BAnd => MetaEvent::BAnd,
            A::BOr => MetaEvent::BOr,
            A::BXor => MetaEvent::BXor,
            A::Shl => MetaEvent::Shl,
            A::Shr => MetaEvent::Shr,
            A::Unm => MetaEvent::Unm,
            A::BNot => MetaEvent::BNot,
        }
    }
}

/// Everything reachable from the arena's root.
#[derive(Collect)]
#[collect(no_drop)]
pub struct StateRoot<'gc> {
    pub globals: Table<'gc>,
    pub registry: Table<'gc>,
    pub main_thread: Thread<'gc>,
    /// Metatables shared by all values of a non-table, non-userdata type (`string` etc.),
    /// indexed by `ValueType as usize`.
    pub type_metatables: Gc<'gc, RefLock<[Option<Table<'gc>>; ValueType::COUNT]>>,
    /// The names of the metamethod events, indexed by `MetaEvent as usize`.
    pub event_names: Box<[LuaString<'gc>]>,
    /// The names `type` returns, indexed by `ValueType as usize`: interned once, as `type`
    /// runs in hot loops and interning its result was two fifths of a call's cost
    /// (callgrind, a loop of `type(t[i])`).
    pub type_names: Box<[LuaString<'gc>]>,
    /// The interned short strings.
    pub strings: Gc<'gc, RefLock<Interner<'gc>>>,
    /// Values the host keeps alive between calls (running executors, handles).
    pub roots: DynamicRootSet<'gc>,
    /// Weak tables, objects marked for finalization, and finalizers due to run.
    pub gc: Gc<'gc, RefLock<GcLists<'gc>>>,
    #[collect(require_static)]
    pub warnings: Warnings,
    #[collect(require_static)]
    pub account: Rc<Account>,
    #[collect(require_static)]
    pub string_method_hints: StringMethodHints,
}

/// Where `s:name(...)` found its way last: positions in the string metatable and in its
/// `__index` table, as hints for `Table::get_str_hinted`. Hints are only guesses checked
/// against the tables as they are now, so nothing invalidates them: a script that replaces
/// a string method, the `__index` table or the metatable itself sees the change at once.
/// The two lookups by search were 126 machine instructions of each such call, 4% of
/// json.lua's (callgrind).
#[derive(Default)]
pub struct StringMethodHints {
    index: std::cell::Cell<u32>,
    /// By the method name's address (reading its hash would touch the string); names that
    /// share a hint take turns.
    methods: [std::cell::Cell<u32>; 32],
}

impl StringMethodHints {
    /// The hint for the `__index` field of the string metatable.
    pub fn index_field(&self) -> &std::cell::Cell<u32> {
        &self.index
    }

    /// The hint for method `name` in the `__index` table.
    pub fn method(&self, name: LuaString<'_>) -> &std::cell::Cell<u32> {
        let address = Gc::as_ptr(name.0) as usize;
        &self.methods[(address >> 4) % self.methods.len()]
    }
}

/// The arena's root type.
pub type Root = Rootable![StateRoot<'_>];

impl<'gc> StateRoot<'gc> {
    pub fn new(mc: &Mutation<'gc>, account: Rc<Account>) -> StateRoot<'gc> {
        let mut interner = Interner::new(&account);
        let event_names = MetaEvent::ALL
            .iter()
            .map(|e| LuaString::new(mc, &account, &mut interner, e.name().as_bytes()))
            .collect();
        let type_names = ValueType::ALL
            .iter()
            .map(|t| LuaString::new(mc, &account, &mut interner, t.name().as_bytes()))
            .collect();
        StateRoot {
            globals: Table::new(mc, &account),
            registry: Table::new(mc, &account),
            main_thread: Thread::new(mc, &account),
            type_metatables: Gc::new(mc, RefLock::new(Default::default())),
            event_names,
            type_names,
            strings: Gc::new(mc, RefLock::new(interner)),
            roots: DynamicRootSet::new(mc),
            gc: Gc::new(mc, RefLock::new(GcLists::new(&account))),
            warnings: Warnings::default(),
            account,
            string_method_hints: StringMethodHints::default(),
        }
    }
}

/// What code running inside the arena needs: the mutation handle and the state root.
#[derive(Clone, Copy)]
pub struct Context<'gc> {
    pub mc: &'gc Mutation<'gc>,
    pub root: &'gc StateRoot<'gc>,
}

impl<'gc> Context<'gc> {
    pub fn new(mc: &'gc Mutation<'gc>, root: &'gc StateRoot<'gc>) -> Self {
        Context { mc, root }
    }

    #[inline]
    pub fn account(self) -> &'gc Rc<Account> {
        &self.root.account
    }

    pub fn globals(self) -> Table<'gc> {
        self.root.globals
    }

    pub fn new_string(self, bytes: &[u8]) -> LuaString<'gc> {
        let mut strings = self.root.strings.borrow_mut(self.mc);
        LuaString::new(self.mc, &self.root.account, &mut strings, bytes)
    }

    /// `new_string` of bytes built in a vector: a long string takes the vector's buffer.
    pub fn new_string_from_vec(self, bytes: Vec<u8>) -> LuaString<'gc> {
        let mut strings = self.root.strings.borrow_mut(self.mc);
        LuaString::from_vec(self.mc, &self.root.account, &mut strings, bytes)
    }

    pub fn new_str_value(self, s: &str) -> Value<'gc> {
        Value::String(self.new_string(s.as_bytes()))
    }

    /// Bytes a result may still take: the longest string allowed, or what is left under the
    /// memory limit if that is less.
    pub fn room(self) -> usize {
        let account = self.account();
        account.max_string().min(account.limit().saturating_sub(account.used()))
    }

    /// Checks, before a library function builds a result of `bytes` bytes (a string, a
    /// buffer), that it fits the state's limits: the memory limit and the longest string.
    /// Fails with PUC's catchable `not enough memory`.
    pub fn reserve(self, bytes: usize) -> Result<(), RuntimeError<'gc>> {
        let account = self.account();
        if bytes <= account.max_string() && account.fits(bytes) {
            return Ok(());
        }
        // Garbage may be what stands in the way: have it collected at the next chance.
        account.request_gc();
        Err(RuntimeError::NotEnoughMemory)
    }

    /// Checks, before a library function returns `count` values (`string.byte`,
    /// `table.unpack`), that the stack can grow to hold them under the memory limit (twice
    /// their size: the stack grows by doubling). Fails with `not enough memory`.
    pub fn reserve_values(self, count: usize) -> Result<(), RuntimeError<'gc>> {
        let bytes = count.saturating_mul(2 * std::mem::size_of::<Value<'static>>());
        if self.account().fits_growth(bytes) {
            return Ok(());
        }
        Err(RuntimeError::NotEnoughMemory)
    }

    /// Charges `units` of fuel for work a native function did (bytes produced or scanned,
    /// comparisons made, pattern-matching steps).
    #[inline]
    pub fn consume_fuel(self, units: i64) {
        self.root.account.consume_fuel(units);
    }

    /// Fuel a native function may still spend before the running call's budget
    /// (`Limits::fuel`) is gone: a long native loop compares its work with this and stops
    /// with [`Context::spend_fuel`]'s error rather than finishing past the budget.
    pub fn fuel_left(self) -> u64 {
        let account = self.account();
        let budget = &account.budget;
        let left = budget.fuel_total.get().saturating_sub(budget.fuel_used.get());
        left.saturating_sub(account.fuel_debt().max(0) as u64)
    }

    /// Charges `units` of fuel for work about to be done, failing with the uncatchable
    /// `instruction limit exceeded` when the call's budget cannot pay for it.
    pub fn spend_fuel(self, units: u64) -> Result<(), RuntimeError<'gc>> {
        if units > self.fuel_left() {
            return Err(RuntimeError::Fatal(FatalError::OutOfFuel));
        }
        self.consume_fuel(units.min(i64::MAX as u64) as i64);
        Ok(())
    }

    pub fn new_table(self) -> Table<'gc> {
        Table::new(self.mc, &self.root.account)
    }

    pub fn new_upvalue(self, state: UpvalueState<'gc>) -> Upvalue<'gc> {
        crate::function::UpvalueCell::new(self, state)
    }

    pub fn new_callback(self, name: &'static str, func: NativeFn) -> Value<'gc> {
        Value::Callback(Callback::new(self.mc, name, func))
    }

    /// Sets `table[name] = value` for a string name.
    pub fn set_field(self, table: Table<'gc>, name: &str, value: Value<'gc>) {
        let key = self.new_str_value(name);
        // A string key is never nil or NaN. The tables built this way are a library's or a
        // small fixed result (`os.date("*t")`): a growth the memory limit refuses leaves the
        // field out rather than passing the limit.
        let _ = table.set(self.mc, key, value);
    }

    /// Sets `table[name]` to a native function of that name, for each pair: how a library
    /// registers its functions.
    pub fn set_functions(self, table: Table<'gc>, functions: &[(&'static str, NativeFn)]) {
        for &(name, f) in functions {
            self.set_field(table, name, self.new_callback(name, f));
        }
    }

    /// Reads `table[name]` (raw).
    pub fn get_field(self, table: Table<'gc>, name: &str) -> Value<'gc> {
        table.get(self.new_str_value(name))
    }

    pub fn event_name(self, event: MetaEvent) -> LuaString<'gc> {
        self.root.event_names[event as usize]
    }

    /// The name of `v`'s type as a Lua string (what `type(v)` returns).
    pub fn type_name_string(self, v: Value<'gc>) -> LuaString<'gc> {
        self.root.type_names[v.value_type() as usize]
    }

    /// The metatable of any value.
    #[inline]
    pub fn metatable(self, v: Value<'gc>) -> Option<Table<'gc>> {
        match v {
            Value::Table(t) => t.metatable(),
            Value::UserData(u) => u.metatable(),
            other => self.type_metatable(other.value_type()),
        }
    }

    /// The metatable all values of type `ty` share (not tables' or userdata's own).
    #[inline]
    pub fn type_metatable(self, ty: ValueType) -> Option<Table<'gc>> {
        self.root.type_metatables.borrow()[ty as usize]
    }

    pub fn set_type_metatable(self, ty: ValueType, mt: Option<Table<'gc>>) {
        self.root.type_metatables.borrow_mut(self.mc)[ty as usize] = mt;
    }

    /// The metamethod for `event` of `v`, or nil.
    #[inline]
    pub fn metamethod(self, v: Value<'gc>, event: MetaEvent) -> Value<'gc> {
        match self.metatable(v) {
            None => Value::Nil,
            Some(mt) => self.table_metamethod(mt, event),
        }
    }

    /// The metamethod for `event` in the metatable `mt` (nil if absent), through the
    /// metatable's cache of absent events.
    #[inline]
    pub fn table_metamethod(self, mt: Table<'gc>, event: MetaEvent) -> Value<'gc> {
        mt.0.borrow().metamethod(event, self.event_name(event))
    }
}
