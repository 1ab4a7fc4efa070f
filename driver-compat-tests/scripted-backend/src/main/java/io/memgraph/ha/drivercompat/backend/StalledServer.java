package io.memgraph.ha.drivercompat.backend;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Bolt server on an ephemeral port of 127.0.0.1 that stops reading: each connection gets the
 * version it proposed first answered to its handshake and an empty SUCCESS (no {@code role}, so a
 * proxy takes it for a standalone leader) to its first message (HELLO), and then nothing is read
 * from it any more. What a client sends after that piles up in whatever stands in between.
 */
public final class StalledServer implements AutoCloseable {

  /** {@code SUCCESS {}} as one chunk and the end marker. */
  private static final byte[] EMPTY_SUCCESS = {0x00, 0x03, (byte) 0xB1, 0x70, (byte) 0xA0, 0x00, 0x00};

  private final ServerSocket socket;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();

  private StalledServer(ServerSocket socket) {
    this.socket = socket;
    Thread acceptor = new Thread(this::accept, "stalled-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts listening. */
  public static StalledServer start() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReceiveBufferSize(64 * 1024); // small and fixed: the kernel holds little for it
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    return new StalledServer(socket);
  }

  /** The bound port. */
  public int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    try {
      while (true) {
        Socket s = socket.accept();
        connections.add(s);
        Thread t = new Thread(() -> greet(s), "stalled-server-connection");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException closed) {
      // close() closed the server socket
    }
  }

  private static void greet(Socket s) {
    try {
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] handshake = new byte[20];
      in.readFully(handshake);
      OutputStream out = s.getOutputStream();
      out.write(handshake, 4, 4); // the first proposed version (a proxy proposes exactly one)
      for (int size = in.readUnsignedShort(); size != 0; size = in.readUnsignedShort()) {
        in.readFully(new byte[size]);
      }
      out.write(EMPTY_SUCCESS);
      out.flush();
      // and now nothing is read from this connection any more
    } catch (IOException e) {
      // the peer went away
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : connections) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
