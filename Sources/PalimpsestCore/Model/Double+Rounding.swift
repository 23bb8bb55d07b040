extension Double {
    /// The value rounded to `places` decimals: what exports write, so they carry no float noise
    /// and the same result always gives the same bytes.
    public func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
