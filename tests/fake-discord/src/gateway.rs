//! The gateway: checking that serenity can read a dispatch, and the websocket server that
//! speaks HELLO, IDENTIFY/READY, RESUME/RESUMED, heartbeats and dispatches.

#![allow(unused_imports)]

use crate::*;

// ---------------------------------------------------------------------------------------------
// Dispatch checking
// ---------------------------------------------------------------------------------------------

/// Checks that serenity 0.12 deserializes `{"op":0,"t":event_type,"s":1,"d":d}` into a known
/// `Event` (not `Event::Unknown`, which serenity drops without running any handler).
/// The error explains why, using the typed model for common events.
pub fn check_dispatch(event_type: &str, d: &Value) -> Result<(), String> {
    use serenity::model::event::{Event, GatewayEvent};
    let frame = json!({"op": 0, "t": event_type, "s": 1, "d": d});
    match serde_json::from_value::<GatewayEvent>(frame) {
        Ok(GatewayEvent::Dispatch(_, Event::Unknown(_))) => Err(format!(
            "serenity parses it as Event::Unknown and would silently drop it: {}",
            typed_error(event_type, d)
        )),
        Ok(GatewayEvent::Dispatch(_, _)) => Ok(()),
        Ok(other) => Err(format!("not a dispatch: {other:?}")),
        Err(e) => Err(format!("does not deserialize as a GatewayEvent: {e}")),
    }
}

pub(crate) fn typed_error(event_type: &str, d: &Value) -> String {
    use serenity::model::prelude as m;
    pub(crate) fn err<T: serde::de::DeserializeOwned>(d: &Value) -> String {
        match serde_json::from_value::<T>(d.clone()) {
            Ok(_) => "the typed model accepts it, but the event type is unknown".into(),
            Err(e) => e.to_string(),
        }
    }
    match event_type {
        "MESSAGE_CREATE" => err::<m::Message>(d),
        "INTERACTION_CREATE" => err::<m::Interaction>(d),
        "GUILD_CREATE" => err::<m::Guild>(d),
        "READY" => err::<m::Ready>(d),
        "MESSAGE_UPDATE" => err::<m::MessageUpdateEvent>(d),
        _ => format!("unknown event type {event_type:?} or payload rejected"),
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway server
// ---------------------------------------------------------------------------------------------

/// Accepts gateway connections; during an outage the port is closed (connections refused)
/// and bound again when it ends.
pub(crate) async fn gateway_accept_loop(
    inner: Arc<Inner>,
    listener: TcpListener,
    addr: SocketAddr,
) {
    let mut listener = Some(listener);
    let mut kills = inner.kill_connections.subscribe();
    loop {
        let refuse_until = inner.lock().refuse_until;
        if let Some(until) = refuse_until {
            drop(listener.take());
            tokio::time::sleep_until(until).await;
            while listener.is_none() {
                match TcpListener::bind(addr).await {
                    Ok(l) => listener = Some(l),
                    Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
            inner.lock().refuse_until = None;
            inner.bump();
        }
        let Some(l) = listener.as_ref() else { continue };
        tokio::select! {
            accepted = l.accept() => {
                if let Ok((stream, _)) = accepted {
                    // An outage may have begun while this connection waited to be accepted
                    // (a loaded machine runs this loop late): refuse it, as the closed port
                    // would have.
                    let now = tokio::time::Instant::now();
                    if inner.lock().refuse_until.is_some_and(|until| now < until) {
                        #[allow(deprecated)]
                        let _ = stream.set_linger(Some(Duration::ZERO));
                        continue;
                    }
                    tokio::spawn(gateway_connection(inner.clone(), stream));
                }
            }
            _ = kills.changed() => {} // an outage may have started: look again
        }
    }
}

pub(crate) async fn gateway_connection(inner: Arc<Inner>, stream: TcpStream) {
    // Closing with linger 0 sends a TCP reset, which is what an outage cut looks like (and a
    // zero linger never blocks on drop, which is what tokio's deprecation warns about).
    #[allow(deprecated)]
    let _ = stream.set_linger(Some(Duration::ZERO));
    let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let mut kill = inner.kill_connections.subscribe();
    let (mut sink, mut source) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<WsMessage>();
    let conn = {
        let mut st = inner.lock();
        st.connections += 1;
        st.shard = Some((st.connections, tx.clone()));
        st.connections
    };
    inner.bump();
    let interval = match inner.lock().heartbeat_interval_ms {
        0 => 41250,
        ms => ms,
    };
    let _ = tx.send(WsMessage::Text(
        json!({"op": 10, "d": {"heartbeat_interval": interval}}).to_string(),
    ));

    loop {
        tokio::select! {
            () = killed(&mut kill, conn) => return, // dropped: reset, no close frame
            out = rx.recv() => {
                let Some(msg) = out else { break };
                let closing = matches!(msg, WsMessage::Close(_));
                if sink.send(msg).await.is_err() || closing {
                    // After our close frame, keep reading until the peer answers.
                    if closing {
                        drain(&mut source).await;
                    }
                    break;
                }
            }
            incoming = source.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => handle_gateway_frame(&inner, conn, &tx, &text),
                Some(Ok(WsMessage::Close(frame))) => {
                    // Answer the close handshake (tungstenite queues the reply; sending Close
                    // flushes it), then drain until the stream ends.
                    let _ = sink.send(WsMessage::Close(frame)).await;
                    drain(&mut source).await;
                    break;
                }
                Some(Ok(_)) => {} // binary/ping/pong: tungstenite answers pings itself
                Some(Err(_)) | None => break,
            },
        }
    }

    let mut st = inner.lock();
    if matches!(st.shard, Some((c, _)) if c == conn) {
        st.shard = None;
    }
    drop(st);
    inner.bump();
}

/// Completes when connection `conn` is to be cut by an outage.
pub(crate) async fn killed(kill: &mut watch::Receiver<usize>, conn: usize) {
    if kill.wait_for(|k| *k >= conn).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Reads (and discards) until the websocket ends, for at most 5 s.
pub(crate) async fn drain<S: futures_util::Stream + Unpin>(source: &mut S) {
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while source.next().await.is_some() {}
    })
    .await;
}

pub(crate) fn handle_gateway_frame(
    inner: &Inner,
    conn: usize,
    tx: &mpsc::UnboundedSender<WsMessage>,
    text: &str,
) {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let mut st = inner.lock();
    st.gateway_received.push(frame.clone());
    match frame["op"].as_u64() {
        Some(1) => {
            st.heartbeats += 1;
            if !st.ignore_heartbeats {
                let _ = tx.send(WsMessage::Text(json!({"op": 11}).to_string()));
            }
        }
        Some(2) if frame["d"]["intents"].as_u64().unwrap_or(0) & st.refused_intents != 0 => {
            use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
            use tokio_tungstenite::tungstenite::protocol::CloseFrame;
            st.identifies.push(frame["d"].clone());
            st.refused_identifies += 1;
            let _ = tx.send(WsMessage::Close(Some(CloseFrame {
                code: CloseCode::Library(4014),
                reason: "Disallowed intent(s).".into(),
            })));
        }
        Some(2) => {
            let d = frame["d"].clone();
            let shard = d.get("shard").cloned().unwrap_or(json!([0, 1]));
            st.identifies.push(d);
            st.seq += 1;
            st.sessions.insert(format!("fake-session-{conn}"));
            let ready = json!({
                "op": 0, "t": "READY", "s": st.seq,
                "d": {
                    "v": 10,
                    "user": bot_user(),
                    "guilds": [],
                    "session_id": format!("fake-session-{conn}"),
                    "resume_gateway_url": inner.gateway_url,
                    "shard": shard,
                    "application": {"id": BOT_ID, "flags": 0},
                }
            });
            let _ = tx.send(WsMessage::Text(ready.to_string()));
            st.readies += 1;
        }
        Some(6) => {
            st.resumes.push(frame["d"].clone());
            let known = frame["d"]["session_id"]
                .as_str()
                .is_some_and(|s| st.sessions.contains(s));
            if !known {
                // Not resumable: the client must IDENTIFY again.
                let _ = tx.send(WsMessage::Text(json!({"op": 9, "d": false}).to_string()));
            } else {
                // Replay what the session missed, then RESUMED, as Discord does.
                let after = frame["d"]["seq"].as_u64().unwrap_or(0);
                let missed: Vec<String> = st
                    .dispatched
                    .iter()
                    .filter(|(seq, _)| *seq > after)
                    .map(|(_, f)| f.clone())
                    .collect();
                st.replayed += missed.len();
                for f in missed {
                    let _ = tx.send(WsMessage::Text(f));
                }
                st.seq += 1;
                let resumed = json!({"op": 0, "t": "RESUMED", "s": st.seq, "d": {}});
                let _ = tx.send(WsMessage::Text(resumed.to_string()));
                st.resumed += 1;
            }
        }
        _ => {}
    }
    drop(st);
    inner.bump();
}
