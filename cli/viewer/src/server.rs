//! The local web server of `rpy view`: serves the site's files on 127.0.0.1 only, one request
//! at a time (each function's SVG is made on its first request, then kept).

use crate::site::Site;
use std::sync::Arc;
use std::thread::JoinHandle;

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts serving `site` on 127.0.0.1:`port` (0: any free port).
    pub fn start(site: Arc<Site>, port: u16) -> Result<Server, String> {
        let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            if port == 0 {
                format!("cannot listen on 127.0.0.1: {e}")
            } else {
                format!("cannot listen on 127.0.0.1:{port}: {e}; choose another port with --port N (0 for any free port)")
            }
        })?;
        let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(port);
        let server = Arc::new(server);
        let s = server.clone();
        let thread = std::thread::Builder::new()
            .name("rpy-view".into())
            .spawn(move || {
                // `recv` fails once `stop` unblocks it.
                while let Ok(request) = s.recv() {
                    respond(&site, request);
                }
            })
            .map_err(|e| format!("cannot start the server thread: {e}"))?;
        Ok(Server { url: format!("http://127.0.0.1:{port}/"), server, thread: Some(thread) })
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stops serving and waits for the server thread.
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn respond(site: &Site, request: tiny_http::Request) {
    let ok_method = matches!(request.method(), tiny_http::Method::Get | tiny_http::Method::Head);
    let path = request.url().split(['?', '#']).next().unwrap_or("").trim_start_matches('/').to_string();
    let file = if ok_method { site.get(&path) } else { None };
    let response = match file {
        Some(f) => {
            let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], f.content_type.as_bytes()).expect("a valid header");
            let no_cache = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]).expect("a valid header");
            tiny_http::Response::from_data(f.body.as_slice().to_vec()).with_header(header).with_header(no_cache)
        }
        None if !ok_method => tiny_http::Response::from_string("only GET is served\n").with_status_code(405),
        None => tiny_http::Response::from_string(format!("not found: /{path}\n")).with_status_code(404),
    };
    // A client that went away is not an error of the viewer.
    let _ = request.respond(response);
}
