//! The logistic-regression fit as a bare WebAssembly module, to time it in a
//! wasm engine (Node's V8, as in the browser) on the rows bench/lr_speed.rs
//! dumps. Knows nothing of wasm-bindgen or the page: three C-ABI exports.
//!
//! ```text
//! cargo run --release --example lr_speed -- bench/data/creditcard.csv /tmp/lr_speed
//! RUSTFLAGS="-C target-feature=+simd128 -C link-arg=--export=alloc \
//!   -C link-arg=--export=fit -C link-arg=--export=coef" \
//!   cargo build --release --example lr_speed_wasm --target wasm32-unknown-unknown --no-default-features
//! node bench/lr_speed_wasm.mjs /tmp/lr_speed
//! ```
//! (RUSTFLAGS replaces `.cargo/config.toml`'s flags, so `simd128` is
//! repeated there.)

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    println!("build this for wasm32-unknown-unknown; see the module doc");
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use ndarray::ArrayView2;
    use rareclass::models::logistic::{ClassWeight, FittedLogistic, LogisticParams, Solver};
    use rareclass::progress::Silent;
    use std::cell::RefCell;

    thread_local! {
        static LAST: RefCell<Option<FittedLogistic>> = const { RefCell::new(None) };
    }

    /// A zeroed buffer of `bytes` bytes that JS fills; never freed.
    #[no_mangle]
    pub extern "C" fn alloc(bytes: usize) -> *mut u8 {
        Box::leak(vec![0u8; bytes].into_boxed_slice()).as_mut_ptr()
    }

    /// Fits with class_weight balanced, C = 1; solver 0 = auto, 1 = lbfgs.
    /// Returns the iterations, or −1 on an error.
    ///
    /// # Safety
    /// `x` must point to `n·d` f32 and `y` to `n` bytes (0/1) from [`alloc`].
    #[no_mangle]
    pub unsafe extern "C" fn fit(x: *const f32, y: *const u8, n: usize, d: usize, tol: f64, solver: u32) -> f64 {
        let xs = unsafe { std::slice::from_raw_parts(x, n * d) };
        let ys: Vec<bool> = unsafe { std::slice::from_raw_parts(y, n) }
            .iter()
            .map(|&v| v != 0)
            .collect();
        let Ok(view) = ArrayView2::from_shape((n, d), xs) else {
            return -1.0;
        };
        let solver = if solver == 1 { Solver::Lbfgs } else { Solver::Auto };
        let params = LogisticParams::default()
            .class_weight(ClassWeight::Balanced)
            .max_iter(1000)
            .tol(tol)
            .solver(solver)
            .check();
        match params.map(|p| p.fit(view, &ys, None, &mut Silent)) {
            Ok(Ok(m)) => {
                let it = m.n_iter as f64;
                LAST.with(|l| *l.borrow_mut() = Some(m));
                it
            }
            _ => -1.0,
        }
    }

    /// Coefficient `j` of the last fit (`j = d` is the intercept; then the
    /// final max|gradient|).
    #[no_mangle]
    pub extern "C" fn coef(j: usize) -> f64 {
        LAST.with(|l| match &*l.borrow() {
            Some(m) if j < m.coef.len() => m.coef[j],
            Some(m) if j == m.coef.len() => m.intercept,
            Some(m) => m.gradient_max,
            None => f64::NAN,
        })
    }
}
