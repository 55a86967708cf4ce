package dev.mmwal.chronicle;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;

/** A small BytesMarshallable with fixed and variable-length fields, encoded by hand. */
final class Trade implements BytesMarshallable {
    long id;
    double price;
    int quantity;
    String symbol = "";

    Trade set(final long id, final double price, final int quantity, final String symbol) {
        this.id = id;
        this.price = price;
        this.quantity = quantity;
        this.symbol = symbol;
        return this;
    }

    /** {@return the encoded length: three fixed fields, a one-byte stop-bit length and Latin-1 text} */
    int encodedLength() {
        return Long.BYTES + Double.BYTES + Integer.BYTES + 1 + symbol.length();
    }

    @Override
    public void writeMarshallable(final BytesOut<?> out) {
        out.writeLong(id);
        out.writeDouble(price);
        out.writeInt(quantity);
        out.write8bit(symbol);
    }

    @Override
    public void readMarshallable(final BytesIn<?> in) {
        id = in.readLong();
        price = in.readDouble();
        quantity = in.readInt();
        symbol = in.read8bit();
    }
}
