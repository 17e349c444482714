import CircleProgram
import MentorCore
import OneToOneProgram
import PeerProgram
import ReverseProgram

/// The program types MentorKit ships, in the order `mentor programs` lists them.
public enum BuiltInProgramTypes {
    /// One-to-one, reverse, circle and peer.
    public static let all: [any ProgramType.Type] = [
        OneToOneProgram.self, ReverseProgram.self, CircleProgram.self, PeerProgram.self,
    ]

    /// A registry of the built-in types. Their ids are fixed and distinct, so this can't fail;
    /// a test checks that registering them succeeds.
    public static var registry: ProgramRegistry {
        (try? ProgramRegistry(types: all)) ?? .empty
    }
}
