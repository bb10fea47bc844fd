import Testing

@testable import Imaging

@Suite struct IntensityMapTests {
    @Test func hounsfieldLandmarks() {
        #expect(HounsfieldScale.attenuation(fromHounsfield: 0) == 0.192)       // water
        #expect(HounsfieldScale.attenuation(fromHounsfield: -1000) == 0)       // air
        #expect(HounsfieldScale.attenuation(fromHounsfield: -1500) == 0)       // below air: clipped
        #expect(abs(HounsfieldScale.networkValue(fromAttenuation: 0.192) - 0.32) < 1e-6)  // water = 0.32
        #expect(HounsfieldScale.networkValue(fromAttenuation: HounsfieldScale.attenuation(fromHounsfield: 2125)) == 1)
        #expect(HounsfieldScale.networkValue(fromAttenuation: 0.9) == 1)
        for hu: Float in [-1000, -300, 0, 40, 1000, 2125] {
            let back = HounsfieldScale.hounsfield(
                fromAttenuation: HounsfieldScale.attenuation(
                    fromNetworkValue: HounsfieldScale.networkValue(fromAttenuation: HounsfieldScale.attenuation(fromHounsfield: hu))))
            #expect(abs(back - hu) < 0.05)
        }
    }

    @Test func minMaxScalingRoundTrips() {
        let scaling = MinMaxScaling(fitting: [10, 30, 20])
        #expect(scaling.apply(10) == 0 && scaling.apply(30) == 1 && scaling.apply(20) == 0.5)
        #expect(scaling.inverse(0.25) == 15)
        #expect(MinMaxScaling(fitting: [4, 4]).apply(4) == 0)
    }
}
