package dev.ridehail.rider.registry;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface RiderRepository extends JpaRepository<Rider, String> {

    Page<Rider> findByStatus(RiderStatus status, Pageable pageable);

    boolean existsByPlateNormalized(String plateNormalized);
}
