//! The `congkhai` command line: one file per command under `src/cli/`.

mod cli;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    congkhai::grow_heap_in_large_steps();
    cli::run()
}
