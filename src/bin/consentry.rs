//! The `consentry` command-line tool (native only).
fn main() {
    println!("consentry {}", consentry::VERSION);
}
