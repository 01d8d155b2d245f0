//! A real moto server for the live tests: installed from PyPI into a virtualenv under
//! `target/` (nothing on the machine is assumed but `python3`), started on a free loopback
//! port, stopped by its PID when dropped: after the tests, when they fail, and when the xtask
//! unwinds from an error or panic. On Ctrl-C the terminal sends SIGINT to the whole foreground
//! process group, moto included, so it stops with us without a signal handler here.

use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The moto release the live tests are written against.
pub const MOTO_VERSION: &str = "5.2.5";

pub struct MotoServer {
    child: Child,
    pub url: String,
}

impl MotoServer {
    /// Installs moto if needed and starts it with these extra environment variables; its output
    /// goes to `target/moto-<port>.log`.
    pub fn start(target: &Path, env: &[(&str, &str)]) -> Result<MotoServer> {
        let venv = target.join("moto-venv");
        let server = venv.join("bin/moto_server");
        let marker = venv.join(format!("installed-{MOTO_VERSION}"));
        if !marker.is_file() {
            println!("installing moto[server]=={MOTO_VERSION} into {}", venv.display());
            run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
            run(Command::new(venv.join("bin/pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                &format!("moto[server]=={MOTO_VERSION}"),
            ]))?;
            std::fs::write(&marker, "")?;
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log_path = target.join(format!("moto-{port}.log"));
        let log = std::fs::File::create(&log_path)?;
        let child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(env.iter().copied())
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", server.display()))?;
        let mut moto = MotoServer { child, url: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !answers_http(port) {
            if let Some(status) = moto.child.try_wait()? {
                bail!("moto exited early ({status}); see {}", log_path.display());
            }
            if Instant::now() > deadline {
                bail!("moto did not answer HTTP on port {port} within 60 s; see {}", log_path.display());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(moto)
    }
}

/// Whether a server on `port` answers an HTTP request with a status line: a listening socket
/// alone does not mean moto is ready to serve.
fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let timeout = Some(Duration::from_secs(2));
    if stream.set_read_timeout(timeout).is_err() || stream.set_write_timeout(timeout).is_err() {
        return false;
    }
    let request = format!("GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

impl Drop for MotoServer {
    /// `Child::kill` signals this child's own PID, never a process found by name.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("running {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}
