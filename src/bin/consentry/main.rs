//! Entry of the `consentry` command-line tool. The tool is native only (`cli.rs`); on wasm32
//! this file compiles to an empty program, because cargo builds every binary target for the
//! integration tests, including the wasm-bindgen tests.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
